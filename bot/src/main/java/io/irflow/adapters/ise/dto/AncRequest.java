package io.irflow.adapters.ise.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The body of {@code PUT /ers/config/ancendpoint/apply|clear}: name/value pairs in OperationAdditionalData. */
public record AncRequest(@JsonProperty("OperationAdditionalData") Data data) {

    /** A request naming the endpoint by MAC (upper-case colon form) and the policy. */
    public static AncRequest byMac(String mac, String policyName) {
        return new AncRequest(new Data(List.of(
                new NameValue("macAddress", mac), new NameValue("policyName", policyName))));
    }

    /** The additionalData list. */
    public record Data(@JsonProperty("additionalData") List<NameValue> additionalData) {
    }

    /** One name/value pair. */
    public record NameValue(String name, String value) {
    }
}
