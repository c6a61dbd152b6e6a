package io.irflow.pictures;

/**
 * A picture file to post.
 *
 * @param fileName    e.g. "floor-wks-fin-042.png"
 * @param contentType e.g. "image/png"
 * @param content     the file's bytes
 * @param caption     what it shows, one line of plain text (product names in it are not escaped)
 */
public record Picture(String fileName, String contentType, byte[] content, String caption) {
}
