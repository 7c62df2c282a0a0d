/**
 * Small pieces every layer shares (hashing, percentiles, named threads, the image-file rule), so each exists once.
 * Depends on {@code java..} only, like {@code io.kensa.model}.
 */
package io.kensa.util;
