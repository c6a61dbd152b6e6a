package io.irflow.chat.commands;

import io.irflow.cards.InvestigationCard;
import io.irflow.cards.Markdown;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.ObservableParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /investigate [--fresh] <host|ip|mac|domain|url|hash> ...} (alias {@code /i}): each observable (at most five)
 * gets its own card. Free text that is not an observable goes to Threat Response's inspect API when configured.
 */
public final class InvestigateCommands {
    private static final Logger LOG = LoggerFactory.getLogger(InvestigateCommands.class);
    static final String EXAMPLES = "For example: `/investigate WKS-0042`, `/i 203.0.113.7`, `/i example[.]com`, "
            + "`/i hxxps://bad.example/payload`, `/i <sha256>`, `/i aa:bb:cc:dd:ee:ff`. Add `--fresh` to skip the cache.";

    private final ObservableParser parser;
    private final Investigation investigation;
    private final ObservableExtraction extraction;
    private final Executor executor;

    /** @param extraction Threat Response's inspect, or null when it is not configured */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor) {
        this.parser = parser;
        this.investigation = investigation;
        this.extraction = extraction;
        this.executor = executor;
    }

    /** The command registration. */
    public Command command() {
        return new Command("investigate", List.of("i"), "/investigate [--fresh] <host|ip|mac|domain|url|hash>",
                "Ask every configured product about it, in parallel; one card per observable (up to 5).", this::handle);
    }

    /** Parses, fans out and renders. */
    public Reply handle(MessageRequest request, String args) {
        boolean fresh = false;
        List<String> words = new ArrayList<>();
        for (String w : args.split("\\s+")) {
            if (w.equalsIgnoreCase("--fresh") || w.equalsIgnoreCase("-f")) {
                fresh = true;
            } else if (!w.isBlank()) {
                words.add(w);
            }
        }
        String text = String.join(" ", words);
        if (text.isBlank()) {
            return Reply.text("What should I investigate? " + EXAMPLES);
        }
        ObservableParser.Parsed parsed = parser.parse(text);
        List<Observable> observables = parsed.observables();
        int dropped = parsed.dropped();
        String note = "";
        if (observables.isEmpty() || parsed.looksLikeFreeText()) {
            if (extraction != null && parsed.looksLikeFreeText()) {
                Extracted ex = extract(text);
                if (!ex.observables().isEmpty()) {
                    observables = ex.observables().stream().limit(ObservableParser.DEFAULT_MAX).toList();
                    dropped = Math.max(0, ex.observables().size() - ObservableParser.DEFAULT_MAX);
                    note = "Threat Response found " + ex.observables().size() + " observable(s) in your text.";
                } else if (!ex.problem().isEmpty()) {
                    note = ex.problem();
                }
            }
        }
        if (observables.isEmpty()) {
            LOG.info("nothing to investigate in '{}' from {}", Markdown.truncate(text, 80), request.personEmail());
            String unknown = parsed.unrecognised().isEmpty() ? Markdown.code(Markdown.truncate(text, 80))
                    : String.join(", ", parsed.unrecognised().stream().limit(5).map(Markdown::code).toList());
            return Reply.text((note.isEmpty() ? "" : note + " ") + "I can't tell what " + unknown
                    + " is: it is not a host name, IP or MAC address, domain, URL or hash. " + EXAMPLES);
        }
        Reply reply = runAll(observables, fresh);
        List<String> notes = new ArrayList<>();
        if (!note.isEmpty()) {
            notes.add(note);
        }
        if (dropped > 0) {
            notes.add("You gave " + (observables.size() + dropped) + " observables; I looked at the first "
                    + observables.size() + ". Ask again for the rest.");
        }
        if (!parsed.unrecognised().isEmpty() && !parsed.looksLikeFreeText()) {
            notes.add("I skipped " + String.join(", ", parsed.unrecognised().stream().limit(5).map(Markdown::code).toList())
                    + ": not something I can look up.");
        }
        return notes.isEmpty() ? reply : reply.and(new Reply.Text(String.join(" ", notes)));
    }

    private Reply runAll(List<Observable> observables, boolean fresh) {
        List<CompletableFuture<InvestigationResult>> runs = observables.stream()
                .map(o -> CompletableFuture.supplyAsync(() -> investigation.run(o, fresh), executor))
                .toList();
        List<Reply.Part> parts = new ArrayList<>();
        for (CompletableFuture<InvestigationResult> run : runs) {
            parts.add(new Reply.CardPart(InvestigationCard.render(run.join(), List.of())));
        }
        return new Reply(parts);
    }

    private Extracted extract(String text) {
        try {
            return new Extracted(extraction.extract(text), "");
        } catch (AdapterException e) {
            LOG.warn("Threat Response inspect failed: {}", e.getMessage());
            return new Extracted(List.of(), "Threat Response could not read observables from your text right now.");
        }
    }

    private record Extracted(List<Observable> observables, String problem) {
    }
}
