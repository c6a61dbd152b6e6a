package io.irflow.chat.commands;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunFlagTest {

    @Test
    void the_flag_is_found_anywhere_in_any_case_and_taken_out_of_the_arguments() {
        assertThat(DryRunFlag.of("WKS-0042 --dry-run")).isEqualTo(new DryRunFlag("WKS-0042", true));
        assertThat(DryRunFlag.of("--DRY-RUN  bad.example")).isEqualTo(new DryRunFlag("bad.example", true));
        assertThat(DryRunFlag.of("\u2014dry-run 10.0.0.1")).isEqualTo(new DryRunFlag("10.0.0.1", true));
        assertThat(DryRunFlag.of("--dryrun a b")).isEqualTo(new DryRunFlag("a b", true));
    }

    @Test
    void without_the_flag_the_arguments_are_kept_and_look_alikes_are_not_the_flag() {
        assertThat(DryRunFlag.of("WKS-0042")).isEqualTo(new DryRunFlag("WKS-0042", false));
        assertThat(DryRunFlag.of("dry-run.example")).isEqualTo(new DryRunFlag("dry-run.example", false));
        assertThat(DryRunFlag.of("--dry-run-now")).isEqualTo(new DryRunFlag("--dry-run-now", false));
        assertThat(DryRunFlag.of("")).isEqualTo(new DryRunFlag("", false));
        assertThat(DryRunFlag.of(null)).isEqualTo(new DryRunFlag("", false));
    }
}
