package io.irflow.adapters.investigate.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /domains/risk-score/{domain}}: 0..100, higher is riskier. Indicators are not read (their
 * {@code score} is sometimes a boolean), so they are left out of the record.
 *
 * @param riskScore the overall risk score, may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RiskScore(@JsonProperty("risk_score") Integer riskScore) {
}
