package io.irflow.chat.commands;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code --dry-run} flag of the containment commands ({@code /quarantine WKS-0042 --dry-run}): anywhere among
 * the words, in any case, with an en or em dash as a chat client may type it. Pure.
 *
 * @param args   the words without the flag
 * @param dryRun whether the flag was given
 */
record DryRunFlag(String args, boolean dryRun) {
    private static final Pattern FLAG = Pattern.compile("(?i)(--|[\u2013\u2014])dry-?run");

    /** Splits the flag off a command's arguments. */
    static DryRunFlag of(String args) {
        String[] words = args == null ? new String[0] : args.strip().split("\\s+");
        boolean flagged = Arrays.stream(words).anyMatch(w -> FLAG.matcher(w).matches());
        String rest = Arrays.stream(words).filter(w -> !w.isEmpty() && !FLAG.matcher(w).matches())
                .collect(Collectors.joining(" "));
        return new DryRunFlag(rest, flagged);
    }
}
