package io.irflow.adapters.cognitive.dto;

import java.util.List;

/**
 * One TAXII 1.1 Poll_Response (one part of a possibly multi-part result).
 *
 * @param more                  whether more parts follow ({@code more="true"})
 * @param resultId              the multi-part result id, or null
 * @param resultPartNumber      this part's number, or null
 * @param inclusiveEndTimestamp the {@code Inclusive_End_Timestamp} text, or null when absent
 * @param contentBlocks         how many Content_Blocks the response carried
 * @param incidents             the STIX incidents of all content blocks
 * @param indicators            the STIX package-level indicators (generic feeds) of all content blocks
 */
public record PollResponse(boolean more, String resultId, Integer resultPartNumber, String inclusiveEndTimestamp,
                           int contentBlocks, List<StixIncident> incidents, List<StixIndicator> indicators) {
    public PollResponse {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }
}
