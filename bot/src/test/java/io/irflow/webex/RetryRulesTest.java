package io.irflow.webex;

import kong.unirest.core.UnirestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class RetryRulesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST,429,true", "POST,500,false", "POST,502,false", "POST,503,false", "POST,504,false",
            "GET,429,true", "GET,500,true", "GET,502,true", "GET,503,true", "GET,504,true", "GET,501,false",
            "PUT,503,true", "DELETE,502,true", "GET,404,false", "POST,409,false", "GET,302,false", "PATCH,500,false",
    })
    void only_429_is_retried_for_a_post(String method, int status, boolean retried) {
        assertThat(RetryRules.retryable(method, status)).isEqualTo(retried);
    }

    @Test
    void only_a_connection_that_never_opened_counts_as_nothing_sent() {
        assertThat(RetryRules.sentNothing(new UnirestException(new ConnectException("refused")))).isTrue();
        assertThat(RetryRules.sentNothing(new UnirestException(new HttpConnectTimeoutException("connect")))).isTrue();
        assertThat(RetryRules.sentNothing(new UnirestException(new HttpTimeoutException("request timed out"))))
                .isFalse();
        assertThat(RetryRules.sentNothing(new UnirestException(new IOException("connection reset")))).isFalse();
    }

    @Test
    void a_redirect_target_is_named_by_its_origin_only() {
        assertThat(RetryRules.originOf("https://user:pw@evil.example:8443/steal?token=x"))
                .isEqualTo("https://evil.example:8443");
        assertThat(RetryRules.originOf("/v1/elsewhere")).isEqualTo("a relative location");
        assertThat(RetryRules.originOf("ht tp://bad")).isEqualTo("an unreadable location");
    }
}
