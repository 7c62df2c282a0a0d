package io.kensa.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionTest {
    private static final Operator INSPECTOR = new Operator("a.sato", "Aiko Sato", Role.INSPECTOR);
    private static final Operator QA = new Operator("q.ueda", "Quinn Ueda", Role.QA_ENGINEER);
    private static final Operator SUPERVISOR = new Operator("s.ono", "Sora Ono", Role.SUPERVISOR);

    @Test
    void anInspectorDecidesButNeitherPublishesNorExports() {
        assertDoesNotThrow(() -> Permission.DECIDE.require(INSPECTOR));
        PermissionDeniedException publish = assertThrows(PermissionDeniedException.class,
                () -> Permission.PUBLISH.require(INSPECTOR));
        assertEquals("Aiko Sato (a.sato, inspector) may not publish versions to the line: only qa_engineer may."
                + " Ask one to sign in.", publish.getMessage());
        assertThrows(PermissionDeniedException.class, () -> Permission.EXPORT.require(INSPECTOR));
    }

    @Test
    void eachRoleHoldsWhatTheIssueGivesIt() {
        assertEquals(Set.of(Permission.DECIDE), Permission.of(Role.INSPECTOR));
        assertEquals(Set.of(Permission.EDIT_RECIPES, Permission.PUBLISH, Permission.REVIEW, Permission.CONFIGURE),
                Permission.of(Role.QA_ENGINEER));
        assertEquals(Set.of(Permission.REVIEW, Permission.EXPORT, Permission.MANAGE_USERS, Permission.CONFIGURE),
                Permission.of(Role.SUPERVISOR));
        assertDoesNotThrow(() -> Permission.MANAGE_USERS.require(SUPERVISOR));
        assertThrows(PermissionDeniedException.class, () -> Permission.MANAGE_USERS.require(QA));
    }

    @Test
    void nobodySignedInIsRefusedWithWhatToDo() {
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> Permission.REVIEW.require(null));
        assertTrue(e.getMessage().startsWith("Nobody is signed in"), e.getMessage());
    }
}
