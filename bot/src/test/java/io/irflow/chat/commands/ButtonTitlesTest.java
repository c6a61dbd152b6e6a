package io.irflow.chat.commands;

import io.irflow.capabilities.ContainmentKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Containment buttons on investigation cards say what they act on, on host, IP, domain and hash cards alike. */
class ButtonTitlesTest {
    private static final String SHA = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    @Test
    void each_button_names_its_target() {
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.QUARANTINE,
                "WKS-FIN-042 (00:50:56:a1:b2:42)", false))
                .isEqualTo("Quarantine WKS-FIN-042");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.QUARANTINE, "00:50:56:a1:b2:42", false))
                .isEqualTo("Quarantine 00:50:56:a1:b2:42");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.ISOLATE, "WKS-FIN-042", false))
                .isEqualTo("Isolate WKS-FIN-042");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.BLOCK_DOMAIN, "example.com", false))
                .isEqualTo("Block example.com");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.BLOCK_HASH, SHA, false))
                .isEqualTo("Block hash 275a021b…a651fd0f".replace("a651fd0f", SHA.substring(56)));
    }

    @Test
    void undo_buttons_name_their_target_too() {
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.QUARANTINE, "WKS-FIN-042 (00:50:56:a1:b2:42)", true))
                .isEqualTo("Unquarantine WKS-FIN-042");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.ISOLATE, "WKS-FIN-042", true))
                .isEqualTo("Release WKS-FIN-042");
        assertThat(InvestigateCommands.buttonTitle(ContainmentKind.BLOCK_DOMAIN, "example.com", true))
                .isEqualTo("Unblock example.com");
    }
}
