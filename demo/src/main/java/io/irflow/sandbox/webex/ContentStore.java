package io.irflow.sandbox.webex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files posted with messages ({@code multipart/form-data}, field {@code files}), by content id, as Webex keeps them
 * behind {@code GET /v1/contents/{id}}. In memory, like the rest of the stand-in; oldest dropped past a total size.
 */
final class ContentStore {
    /** Webex's per-file limit is 100 MB; the demo keeps far less in memory. */
    static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
    private static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

    /** One stored file. */
    record StoredFile(String id, String name, String contentType, byte[] content) {
    }

    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private long total;

    /** Keeps a file and returns its content id. */
    synchronized StoredFile put(String name, String contentType, byte[] content) {
        if (content.length > MAX_FILE_BYTES) {
            throw WebexError.badRequest("The file is larger than the stand-in accepts (" + MAX_FILE_BYTES + " bytes).");
        }
        StoredFile f = new StoredFile(WebexIds.random("CONTENT"), name, contentType, content.clone());
        files.put(f.id(), f);
        total += content.length;
        var oldest = files.values().iterator();
        while (total > MAX_TOTAL_BYTES && oldest.hasNext()) {
            total -= oldest.next().content().length;
            oldest.remove();
        }
        return f;
    }

    /** A stored file; 404 as Webex answers for an unknown content id. */
    synchronized StoredFile get(String id) {
        StoredFile f = id == null ? null : files.get(id);
        if (f == null) {
            throw WebexError.notFound();
        }
        return f;
    }
}
