package io.irflow.adapters.threatresponse.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The CTIM entity lists irflow reads from a module; a module may send {@code data: {}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModuleData(Docs<VerdictDoc> verdicts, Docs<JudgementDoc> judgements, Docs<SightingDoc> sightings) {
}
