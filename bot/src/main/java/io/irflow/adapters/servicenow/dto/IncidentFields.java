package io.irflow.adapters.servicenow.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.function.UnaryOperator;

/**
 * The incident fields irflow writes with POST or PATCH (docs/reference/servicenow.md#incident-fields); null fields are
 * left out of the body. Every value is a string, as the Table API expects; reference fields ({@code caller_id},
 * {@code assignment_group}, {@code assigned_to}) carry a sys_id; {@code work_notes} is appended, never overwritten.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentFields(@JsonProperty("short_description") String shortDescription,
                             @JsonProperty("description") String description,
                             @JsonProperty("urgency") String urgency,
                             @JsonProperty("impact") String impact,
                             @JsonProperty("caller_id") String callerId,
                             @JsonProperty("assignment_group") String assignmentGroup,
                             @JsonProperty("assigned_to") String assignedTo,
                             @JsonProperty("category") String category,
                             @JsonProperty("subcategory") String subcategory,
                             @JsonProperty("contact_type") String contactType,
                             @JsonProperty("work_notes") String workNotes,
                             @JsonProperty("state") String state,
                             @JsonProperty("close_code") String closeCode,
                             @JsonProperty("close_notes") String closeNotes,
                             @JsonProperty("correlation_id") String correlationId,
                             @JsonProperty("correlation_display") String correlationDisplay) {

    /** Fields without the correlation pair (every PATCH, and creates that have no id to correlate). */
    public IncidentFields(String shortDescription, String description, String urgency, String impact, String callerId,
                          String assignmentGroup, String assignedTo, String category, String subcategory,
                          String contactType, String workNotes, String state, String closeCode, String closeNotes) {
        this(shortDescription, description, urgency, impact, callerId, assignmentGroup, assignedTo, category,
                subcategory, contactType, workNotes, state, closeCode, closeNotes, null, null);
    }

    /** The same fields with {@code f} applied to every value (nulls stay null). */
    public IncidentFields map(UnaryOperator<String> f) {
        return new IncidentFields(f.apply(shortDescription), f.apply(description), f.apply(urgency), f.apply(impact),
                f.apply(callerId), f.apply(assignmentGroup), f.apply(assignedTo), f.apply(category),
                f.apply(subcategory), f.apply(contactType), f.apply(workNotes), f.apply(state), f.apply(closeCode),
                f.apply(closeNotes), f.apply(correlationId), f.apply(correlationDisplay));
    }

    /** True when no field is set, i.e. a PATCH would change nothing. */
    public boolean changesNothing() {
        return shortDescription == null && description == null && urgency == null && impact == null
                && callerId == null && assignmentGroup == null && assignedTo == null && category == null
                && subcategory == null && contactType == null && workNotes == null && state == null && closeCode == null
                && closeNotes == null && correlationId == null && correlationDisplay == null;
    }
}
