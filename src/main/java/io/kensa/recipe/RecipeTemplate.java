package io.kensa.recipe;

import java.nio.file.Path;

/**
 * What a new recipe starts from.
 *
 * @param source      the frame source spec ({@code gige://10.0.0.5}, {@code usb:0}, {@code folder:/data/good})
 * @param goodImages  the folder of good parts the detector is trained on; its first images become the prompt
 *                    profile's reference images
 * @param base        the recipe whose prompt profile (descriptions, classes, offline rules) and gate the new one
 *                    starts with, to be edited in the Prompts tab
 */
public record RecipeTemplate(String name, String title, String source, String backbone, Path goodImages, String base) {}
