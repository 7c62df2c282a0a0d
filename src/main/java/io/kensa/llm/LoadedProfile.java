package io.kensa.llm;

import io.kensa.capture.ImageDecoder;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

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

    /**
     * @throws ProfileException when the profile is not usable from the folder, or a reference image is not the one
     *                          whose sha256 the version recorded (it was replaced after the version was saved)
     */
    public static LoadedProfile load(ProfileDocument document, Path recipeFolder) throws ProfileException {
        PromptProfiles.check(document, recipeFolder);
        List<BufferedImage> images = new ArrayList<>();
        for (String ref : document.profile().referenceImages()) {
            Path file = PromptProfiles.referenceFile(recipeFolder, ref);
            // hash and decode the same bytes, so the image checked is the image sent
            byte[] bytes = PromptProfiles.referenceBytes(file);
            String recorded = document.referenceSha256().get(ref);
            String now = Hashes.sha256Hex(bytes);
            if (recorded != null && !recorded.equalsIgnoreCase(now)) {
                throw new ProfileException("Reference image " + file + " has changed since prompt profile '" + document.name()
                        + "' v" + document.version() + " was saved (sha256 now " + now.substring(0, 12) + "…, recorded "
                        + recorded.substring(0, 12) + "…). Put the original image back, or save a new version of the profile"
                        + " (Prompts tab → Save as new version, or kensa prompts import) so the new image is recorded.");
            }
            images.add(decode(file, bytes));
        }
        return new LoadedProfile(document, recipeFolder, images);
    }

    /** Decodes a reference image under the pixel cap every image from outside has (its header is read first). */
    private static BufferedImage decode(Path file, byte[] bytes) throws ProfileException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return ImageDecoder.decode(in).orElseThrow(() -> new ProfileException("Reference image " + file
                    + " is not an image Kensa can read (" + ImageFiles.FORMATS + "). Replace it with a photo of a good part."));
        } catch (ImageDecoder.TooLarge e) {
            throw new ProfileException("Reference image " + file + " is refused: " + e.getMessage()
                    + ". Replace it with a photo of a good part of at most " + ImageDecoder.MAX_PIXELS / 1_000_000
                    + " megapixels.", e);
        } catch (IOException | RuntimeException e) {
            throw new ProfileException("Cannot decode reference image " + file + ": " + e.getMessage()
                    + " (damaged or truncated file). Replace it with a photo of a good part.", e);
        }
    }

    /** Reads {@code prompt-profile.json} from a recipe folder and loads its reference images. */
    public static LoadedProfile fromRecipeFolder(Path recipeFolder) throws ProfileException {
        return load(PromptProfiles.read(recipeFolder.resolve(PromptProfiles.FILE_NAME)), recipeFolder);
    }

    public PromptProfile profile() {
        return document.profile();
    }
}
