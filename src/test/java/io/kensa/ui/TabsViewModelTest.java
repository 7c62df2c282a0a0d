package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kensa.model.Operator;
import io.kensa.model.Role;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each role sees the tabs of what it may do, in window order; nobody signed in sees Inspect alone. */
class TabsViewModelTest {
    private static final List<String> WINDOW = List.of("Inspect", "Review", "Prompts", "Classifier", "Users", "Recipes",
            "Settings");
    private final TabsViewModel vm = new TabsViewModel();

    @BeforeEach
    void addTheWindowsTabs() {
        WINDOW.forEach(vm::add);
    }

    private List<String> shownTo(Role role) {
        vm.operator(new Operator("x1", "Someone", role));
        return List.copyOf(vm.shown());
    }

    @Test
    void anInspectorSeesTheInspectTabOnly() {
        assertEquals(List.of("Inspect"), shownTo(Role.INSPECTOR));
    }

    @Test
    void aQaEngineerSeesRecipesPromptsClassifierReviewAndSettings() {
        assertEquals(List.of("Inspect", "Review", "Prompts", "Classifier", "Recipes", "Settings"), shownTo(Role.QA_ENGINEER));
    }

    @Test
    void aSupervisorSeesReviewUsersAndSettings() {
        assertEquals(List.of("Inspect", "Review", "Users", "Settings"), shownTo(Role.SUPERVISOR));
    }

    @Test
    void signingOutLeavesInspectAloneAndTheNextPersonGetsTheirOwnTabs() {
        shownTo(Role.SUPERVISOR);
        vm.operator(null);
        assertEquals(List.of("Inspect"), vm.shown());
        assertEquals(List.of("Inspect", "Review", "Prompts", "Classifier", "Recipes", "Settings"), shownTo(Role.QA_ENGINEER));
    }

    /** The window listens once, at start; signing in happens later, after garbage collections. */
    @Test
    void theWindowsListenerStillHearsASignInAfterGarbageCollection() {
        List<List<String>> heard = new ArrayList<>();
        vm.shown().addListener((ListChangeListener<String>) change -> heard.add(List.copyOf(vm.shown())));
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        vm.operator(new Operator("s1", "Sam", Role.SUPERVISOR));
        assertEquals(List.of(List.of("Inspect", "Review", "Users", "Settings")), heard);
    }
}
