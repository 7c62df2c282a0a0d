package io.kensa.ui;

import io.kensa.model.Operator;
import io.kensa.model.Permission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which of the window's tabs the signed-in operator sees: a tab that needs a {@link Permission} is shown only to a
 * role holding it, so each role finds what it may do and nothing else (the services check again: a hidden tab is not
 * a permission). Inspect is everyone's — anyone may watch the line, only inspectors decide. Nobody signed in: Inspect
 * alone, under the sign-in screen.
 */
final class TabsViewModel {
    /** The permission each tab needs; a tab not listed here is shown to every role. */
    static final Map<String, Permission> NEEDS = Map.of(
            "Review", Permission.REVIEW,
            "Prompts", Permission.EDIT_RECIPES,
            "Classifier", Permission.EDIT_RECIPES,
            "Recipes", Permission.EDIT_RECIPES,
            "Users", Permission.MANAGE_USERS,
            "Settings", Permission.CONFIGURE);

    private final Map<String, Optional<Permission>> tabs = new LinkedHashMap<>();
    private final ObservableList<String> shown = FXCollections.observableArrayList();
    /** One read-only view kept here: it listens to {@link #shown} weakly, so a view made per call could be collected
     *  and take the window's listener with it (the tabs then stopped following sign-in). */
    private final ObservableList<String> readOnlyShown = FXCollections.unmodifiableObservableList(shown);
    private Optional<Operator> operator = Optional.empty();

    /** Adds a tab (in window order) with the permission it needs from {@link #NEEDS}. */
    void add(String title) {
        tabs.put(title, Optional.ofNullable(NEEDS.get(title)));
        update();
    }

    /** Who is signed in now (null: nobody). */
    void operator(Operator signedIn) {
        operator = Optional.ofNullable(signedIn);
        update();
    }

    /** The titles of the tabs to show, in window order. */
    ObservableList<String> shown() {
        return readOnlyShown;
    }

    private void update() {
        List<String> now = new ArrayList<>();
        tabs.forEach((title, needs) -> {
            if (needs.map(p -> operator.map(o -> p.allows(o.role())).orElse(false)).orElse(true)) {
                now.add(title);
            }
        });
        if (!now.equals(shown)) {
            shown.setAll(now);
        }
    }
}
