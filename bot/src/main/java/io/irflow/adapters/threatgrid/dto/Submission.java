package io.irflow.adapters.threatgrid.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One analysed submission from a submissions search.
 *
 * @param sample      the sample id (32 hex) used in /samples/{id} calls and portal links
 * @param submittedAt ISO-8601 UTC, e.g. 2020-09-29T15:12:27Z
 * @param analysis    missing or partial for samples still running or failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Submission(
        @JsonProperty("sample") String sample,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("sha1") String sha1,
        @JsonProperty("md5") String md5,
        @JsonProperty("filename") String filename,
        @JsonProperty("state") String state,
        @JsonProperty("submitted_at") String submittedAt,
        @JsonProperty("analysis") Analysis analysis) {

    /** The threat score, or null when the analysis has none. */
    public Integer threatScore() {
        return analysis == null ? null : analysis.threatScore();
    }

    /** The analysis of a submission. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Analysis(
            @JsonProperty("threat_score") Integer threatScore,
            @JsonProperty("behaviors") List<Behavior> behaviors,
            @JsonProperty("metadata") Metadata metadata) {
    }

    /** One behavioural indicator. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Behavior(
            @JsonProperty("name") String name,
            @JsonProperty("title") String title,
            @JsonProperty("threat") Integer threat) {
    }

    /** The analysis metadata irflow reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(
            @JsonProperty("submitted_file") FileDescription submittedFile,
            @JsonProperty("malware_desc") List<FileDescription> malwareDesc) {
    }

    /** What Threat Grid says about the file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileDescription(
            @JsonProperty("filename") String filename,
            @JsonProperty("type") String type,
            @JsonProperty("magic") String magic) {
    }
}
