package io.kensa.ui;

import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.IdleLock;
import io.kensa.config.KensaHome;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.CamWorkbench;
import io.kensa.config.Settings;
import io.kensa.inspect.ReferenceSources;
import io.kensa.inspect.Workstation;
import io.kensa.inspect.WorkstationException;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipes;
import io.kensa.store.AccountStore;
import io.kensa.store.PromptProfileStore;
import io.kensa.util.Threads;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation window. Start-up: the workstation (database, recipe, explainer, detector in the background), then
 * the sign-in screen over the window until someone signs in (first start: the first supervisor is created there);
 * when the database cannot be opened the window says why and offers Retry — it never inspects without recording.
 * Ctrl+L or Operator ▸ Switch operator covers the window again for the next person; so does the idle lock.
 * {@code -Dkensa.user=ID} with {@code KENSA_PASSWORD} signs in by itself (kiosk, screenshots);
 * {@code -Dkensa.screenshot=FILE} saves the window to a PNG after {@code kensa.screenshotAfter} seconds (showing the
 * tab {@code kensa.screenshotTab} if given, {@code Review/Charts} for a tab inside a tab) and exits.
 */
public final class KensaApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(KensaApp.class);

    private KensaHome home;
    private Settings settings;
    private Workstation workstation;
    private MainWindow window;
    private PromptsView prompts;
    private ClassifierView classifier;
    private RecipesView recipes;
    private SignInViewModel signIn;
    /** Password checks (Argon2id) and account changes, off the FX thread. */
    private final ExecutorService signInWorker = Threads.single("kensa-sign-in");
    /** Signed acts (password check, then the publication) off the FX thread. */
    private final ExecutorService signatureWorker = Threads.single("kensa-signature");
    private static final KeyCombination SWITCH_OPERATOR = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);

    @Override
    public void start(Stage stage) {
        if (!openDataFolder()) {
            Platform.exit();
            return;
        }
        window = openWorkstation();
        if (window == null) {
            Platform.exit();
            return;
        }
        AccountRules rules = AccountRules.from(settings);
        Accounts accounts = new Accounts(new AccountStore(workstation.database(), workstation.home().root()), rules, Clock.systemDefaultZone());
        IdleLock idleLock = new IdleLock(rules.idleLock(), Clock.systemDefaultZone());
        signIn = new SignInViewModel(accounts, idleLock, signInWorker, Platform::runLater);
        // who is signed in now, for every service the tabs call (nobody while the sign-in screen covers the window)
        Supplier<Operator> current = () -> signIn.operator().orElse(null);
        SignatureViewModel signatures = new SignatureViewModel(accounts, () -> signIn.session().get(), signatureWorker,
                Platform::runLater);
        signIn.session().addListener((o, was, now) -> {
            window.operator(now == null ? null : now.operator());
            if (now == null) {
                signatures.cancel(); // a question left open is not answered by the next person
            }
            stage.setTitle("Kensa — " + workstation.recipe().title() + (now == null ? "" : " — " + now.operator().name()));
            if (now != null) {
                settings = settings.with(Settings.OPERATOR, now.operator().id());
            }
        });
        settings.get(Settings.OPERATOR).filter(id -> !id.contains("|")).ifPresent(signIn.login()::set);
        addTabs(accounts, current, signatures, idleLock);
        Scene scene = window.scene(settings.getDouble("window.width", 1400), settings.getDouble("window.height", 860));
        window.cover(new SignatureView(signatures));
        window.cover(new SignInView(signIn, window.unattended()));
        window.switchOperator.setOnAction(e -> signIn.lock("Switch operator."));
        scene.getAccelerators().put(SWITCH_OPERATOR, () -> signIn.lock("Switch operator."));
        scene.addEventFilter(InputEvent.ANY, e -> signIn.activity());
        Timeline idleCheck = new Timeline(new KeyFrame(Duration.seconds(15), e -> signIn.checkIdle()));
        idleCheck.setCycleCount(Animation.INDEFINITE);
        idleCheck.play();
        stage.setTitle("Kensa — " + workstation.recipe().title());
        signIn.start();
        signInFromEnvironment();
        stage.setScene(scene);
        settings.get("window.x").ifPresent(x -> stage.setX(settings.getDouble("window.x", 0)));
        settings.get("window.y").ifPresent(y -> stage.setY(settings.getDouble("window.y", 0)));
        stage.setMaximized(Boolean.parseBoolean(settings.get("window.maximized", "false")));
        stage.setOnCloseRequest(e -> remember(stage));
        logFirstFrame(scene);
        stage.show();
        window.startCaptureNow();
        scheduleScreenshot(stage);
    }

    /** The data folder and its settings; a folder or settings file Kensa cannot use is said here, before anything else. */
    private boolean openDataFolder() {
        try {
            home = KensaHome.resolve();
            home.dir(""); // an unwritable data folder is reported here, before anything else
            settings = Settings.load(home.settingsFile()); // a damaged settings file is refused here, not defaulted
        } catch (java.io.UncheckedIOException e) {
            LOG.error("Settings file unusable", e);
            return refuseToStart("The station's settings cannot be read.", e.getCause().getMessage());
        } catch (RuntimeException e) {
            LOG.error("Data folder unusable", e);
            return refuseToStart("Kensa will not inspect without recording.", e.getMessage());
        }
        return true;
    }

    private static boolean refuseToStart(String header, String text) {
        Alert alert = new Alert(Alert.AlertType.ERROR, text, ButtonType.CLOSE);
        alert.setTitle("Kensa cannot start");
        alert.setHeaderText(header);
        alert.showAndWait();
        return false;
    }

    /** The tabs besides Inspect; each service they call checks the signed-in person's role. */
    private void addTabs(Accounts accounts, Supplier<Operator> current, SignatureViewModel signatures, IdleLock idleLock) {
        ReviewView review = new ReviewView(workstation.store(), home.exports(), current, signatures);
        window.addTab("Review", review, review::refresh);
        prompts = promptsView(workstation, current, signatures);
        prompts.setOnSaved(window::profileSaved);
        window.addTab("Prompts", prompts, () -> { });
        classifier = classifierView(workstation, current, signatures); // publishing is signed; the service checks the role
        window.addTab("Classifier", classifier, classifier::refresh);
        UsersView users = new UsersView(new UsersViewModel(accounts, () -> signIn.session().get(), signInWorker,
                Platform::runLater));
        window.addTab("Users", users, users::refresh);
        recipes = new RecipesView(home, workstation.store(), current, signatures, workstation::backbone,
                workstation.recipe().name()); // the service checks the role
        window.addTab("Recipes", recipes, recipes::refresh);
        window.addTab("Settings", new SettingsView(home, settings, current, saved -> {
            window.settingsSaved(saved);
            idleLock.idleAfter(AccountRules.from(saved).idleLock());
        }), () -> { });
    }

    /** The prompts view on the recipe in use, wherever it is now (a saved shipped recipe becomes a station copy). */
    static PromptsView promptsView(Workstation workstation, Supplier<Operator> operator, SignatureViewModel signatures) {
        return new PromptsView(new PromptProfileStore(workstation.database(), workstation.home().root()), workstation::recipeFolder,
                workstation::explainer, signatures, AnswerCache.in(workstation.home().root()),
                new ReferenceSources(workstation.home().snapshots(), workstation.store(), () -> workstation.recipe().name(), operator),
                Optional.of(workstation.store()));
    }

    /** The classifier view on the station's recipe, its decision log and the workstation's backbone. */
    static ClassifierView classifierView(Workstation workstation, Supplier<Operator> operator,
                                         SignatureViewModel signatures) {
        return new ClassifierView(workstation.recipe().name(), new Recipes(workstation.home()), workstation.store(),
                operator, signatures, workstation::backbone, workstation::useClassifier,
                new CamWorkbench(workstation.home(), workstation.recipe().name()), workstation.home().models());
    }

    /**
     * Kiosks and screenshots: {@code -Dkensa.user=ID} with the password in {@code KENSA_PASSWORD} signs in through the
     * same check as the sign-in screen (nothing is skipped).
     */
    private void signInFromEnvironment() {
        String user = System.getProperty("kensa.user");
        String password = System.getenv("KENSA_PASSWORD");
        if (user != null && password != null) {
            signIn.signInAs(user, password); // waits for start()'s look at the accounts, then signs in
        }
    }

    /** Opens the workstation, offering Retry while it cannot start (e.g. database locked by another instance). */
    private MainWindow openWorkstation() {
        while (true) {
            try {
                DeferredListener listener = new DeferredListener();
                workstation = Workstation.open(home, settings, listener);
                MainWindow created = new MainWindow(workstation, settings, null, home.settingsFile());
                listener.attach(created.listener());
                return created;
            } catch (WorkstationException e) {
                LOG.error("Workstation cannot start: {}", e.getMessage(), e);
                ButtonType retry = new ButtonType("Retry", ButtonBar.ButtonData.OK_DONE);
                ButtonType quit = new ButtonType("Quit", ButtonBar.ButtonData.CANCEL_CLOSE);
                Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage(), retry, quit);
                alert.setTitle("Kensa cannot start");
                alert.setHeaderText("Kensa will not inspect without recording. Fix this, then press Retry.");
                if (alert.showAndWait().orElse(quit) != retry) {
                    return null;
                }
            }
        }
    }

    /** Cold start as the station sees it (docs/benchmarks.md): process start to the window's first laid-out pulse. */
    private static void logFirstFrame(Scene scene) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            ProcessHandle.current().info().startInstant().ifPresent(started -> LOG.info("First frame {} ms after the process started",
                    java.time.Duration.between(started, java.time.Instant.now()).toMillis()));
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private void scheduleScreenshot(Stage stage) {
        String file = System.getProperty("kensa.screenshot");
        if (file == null) {
            return;
        }
        double after = Double.parseDouble(System.getProperty("kensa.screenshotAfter", "20"));
        String tab = System.getProperty("kensa.screenshotTab");
        javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(Duration.seconds(after));
        wait.setOnFinished(e -> {
            if (tab != null) {
                // "Review/Charts": a tab, then a tab inside it
                String[] path = tab.split("/", 2);
                window.selectTab(path[0]);
                if (path.length == 2) {
                    stage.getScene().getRoot().lookupAll(".tab-pane").stream()
                            .map(n -> (javafx.scene.control.TabPane) n)
                            .flatMap(p -> p.getTabs().stream().filter(t -> t.getText().equals(path[1])))
                            .findFirst().ifPresent(t -> t.getTabPane().getSelectionModel().select(t));
                }
            }
            // give a freshly shown tab time to load its data before the picture is taken
            javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(Duration.seconds(tab != null ? 8 : 0.1));
            settle.setOnFinished(done -> {
                try {
                    File out = Path.of(file).toFile();
                    ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", out);
                    LOG.info("Screenshot written to {}", out.getAbsolutePath());
                } catch (IOException ex) {
                    LOG.error("Screenshot failed: {}", ex.getMessage());
                }
                stage.close();
                Platform.exit();
            });
            settle.play();
        });
        wait.play();
    }

    /** On close: the window's settings (written as they change anyway) plus the window's geometry. */
    private void remember(Stage stage) {
        if (window == null) {
            return;
        }
        window.saveNow(current -> {
            Settings toSave = current.with(Settings.OPERATOR, settings.get(Settings.OPERATOR, null))
                    .with("window.maximized", String.valueOf(stage.isMaximized()));
            if (!stage.isMaximized()) {
                toSave = toSave.with("window.x", String.valueOf(stage.getX())).with("window.y", String.valueOf(stage.getY()))
                        .with("window.width", String.valueOf(stage.getScene().getWidth()))
                        .with("window.height", String.valueOf(stage.getScene().getHeight()));
            }
            return toSave;
        });
    }

    @Override
    public void stop() {
        signInWorker.shutdownNow();
        signatureWorker.shutdown(); // a publication under way finishes
        if (window != null) {
            window.dispose();
        }
        if (prompts != null) {
            prompts.close();
        }
        if (classifier != null) {
            classifier.close();
        }
        if (recipes != null) {
            recipes.close();
        }
        if (workstation != null) {
            workstation.close();
        }
    }
}
