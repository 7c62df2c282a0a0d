package io.kensa.llm;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A checked profile with its reference images decoded, ready to explain many frames. Load once per recipe
 * (and again after an edit), not per frame.
 *
 * @param folder  the recipe folder the reference image paths are relative to
 */
public record LoadedProfile(ProfileDocument document, Path folder, List<BufferedImage> references) {
    public LoadedProfile {
        references = List.copyOf(references);
    }

    public static LoadedProfile load(ProfileDocument document, Path recipeFolder) throws ProfileException {
        PromptProfiles.check(document, recipeFolder);
        List<BufferedImage> images = new ArrayList<>();
        for (String ref : document.profile().referenceImages()) {
            Path file = recipeFolder.resolve(ref);
            try {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    throw new ProfileException("Reference image " + file + " is not a PNG/JPEG image. Replace it with a photo of a good part.");
                }
                images.add(image);
            } catch (IOException e) {
                throw new ProfileException("Cannot read reference image " + file + ": " + e.getMessage(), e);
            }
        }
        return new LoadedProfile(document, recipeFolder, images);
    }

    /** Reads {@code prompt-profile.json} from a recipe folder and loads its reference images. */
    public static LoadedProfile fromRecipeFolder(Path recipeFolder) throws ProfileException {
        return load(PromptProfiles.read(recipeFolder.resolve(PromptProfiles.FILE_NAME)), recipeFolder);
    }

    public PromptProfile profile() {
        return document.profile();
    }
}
