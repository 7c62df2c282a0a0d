package io.kensa.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a service lets an operator do, by role. Services check it themselves ({@link #require}): a hidden button is
 * not a permission.
 */
public enum Permission {
    /** accept or override a case, undo one's own decision */
    DECIDE("decide cases", Role.INSPECTOR),
    /** edit recipe and prompt drafts, collect images, train, calibrate, measure prompts */
    EDIT_RECIPES("edit recipes and prompts", Role.QA_ENGINEER),
    /** publish a recipe, classifier or prompt version to the line, or roll one back */
    PUBLISH("publish versions to the line", Role.QA_ENGINEER),
    /** read the decision log, its charts and reports */
    REVIEW("review the decision log", Role.SUPERVISOR, Role.QA_ENGINEER),
    /** export records and images out of the station */
    EXPORT("export records", Role.SUPERVISOR),
    /** create, disable and re-enable accounts, change roles */
    MANAGE_USERS("manage accounts", Role.SUPERVISOR),
    /** change the station's settings (explainer endpoint and budget, database, keymap, idle lock) */
    CONFIGURE("change the station's settings", Role.SUPERVISOR, Role.QA_ENGINEER);

    private final String what;
    private final Set<Role> roles;

    Permission(String what, Role first, Role... others) {
        this.what = what;
        this.roles = EnumSet.of(first, others);
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }

    /** @throws PermissionDeniedException naming the operator, what was refused and which roles may do it */
    public void require(Operator operator) {
        if (operator == null) {
            throw new PermissionDeniedException("Nobody is signed in: sign in to " + what + ".");
        }
        if (!allows(operator.role())) {
            throw new PermissionDeniedException(operator.label() + " may not " + what + ": only "
                    + roles.stream().map(Role::wire).collect(Collectors.joining(" or ")) + " may. Ask one to sign in.");
        }
    }

    /** The roles holding this permission, for messages and docs. */
    public Set<Role> roles() {
        return Set.copyOf(roles);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every permission a role holds. */
    public static Set<Permission> of(Role role) {
        return Arrays.stream(values()).filter(p -> p.allows(role)).collect(Collectors.toUnmodifiableSet());
    }
}
