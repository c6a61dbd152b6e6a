package io.irflow.adapters.threatresponse;

import io.irflow.adapters.threatresponse.dto.Docs;
import io.irflow.adapters.threatresponse.dto.ModuleResult;
import io.irflow.adapters.threatresponse.dto.VerdictDoc;
import io.irflow.capabilities.Disposition;

import java.util.List;
import java.util.Locale;

/** What one IROH module said about the observable: its worst verdict, its sightings, and whether it failed. */
final class ModuleSummary {
    private static final List<String> CTIM_NAMES = List.of("Clean", "Malicious", "Suspicious", "Common", "Unknown");

    private final String module;
    private Disposition disposition = Disposition.UNKNOWN;
    private String dispositionName;
    private int sightings;
    private String problem;
    private boolean failed;

    ModuleSummary(String module) {
        this.module = module;
    }

    /** The display name of a module result, falling back to its ids. */
    static String nameOf(ModuleResult result) {
        if (result.module() != null && !result.module().isBlank()) {
            return result.module();
        }
        if (result.legacyModuleType() != null) {
            return result.legacyModuleType();
        }
        return result.moduleInstanceId() == null ? "unnamed module" : result.moduleInstanceId();
    }

    /** Takes in a verdict, keeping the worst one seen (CTIM: 1 Clean, 2 Malicious, 3 Suspicious, 4 Common, 5 Unknown). */
    void verdict(VerdictDoc doc) {
        Integer number = doc.disposition();
        String name = doc.dispositionName();
        if (number == null && name != null) {
            int index = CTIM_NAMES.indexOf(capitalised(name));
            number = index < 0 ? null : index + 1;
        }
        if (name == null && number != null && number >= 1 && number <= CTIM_NAMES.size()) {
            name = CTIM_NAMES.get(number - 1);
        }
        Disposition mapped = number == null ? Disposition.UNKNOWN : switch (number) {
            case 1, 4 -> Disposition.CLEAN;
            case 2 -> Disposition.MALICIOUS;
            case 3 -> Disposition.SUSPICIOUS;
            default -> Disposition.UNKNOWN;
        };
        if (dispositionName == null || mapped.compareTo(disposition) < 0) {
            disposition = mapped;
            dispositionName = name;
        }
    }

    /** Adds a module's sightings list. */
    void sightings(Docs<?> docs) {
        int sent = docs.docs() == null ? 0 : docs.docs().size();
        sightings = Math.max(sightings, Math.max(sent, docs.count() == null ? 0 : docs.count()));
    }

    /** Records a module error; a warning only marks the results as partial. */
    void problem(String type, String code) {
        failed = !"warning".equalsIgnoreCase(type);
        problem = code == null || code.isBlank() ? (type == null ? "error" : type) : code;
    }

    String module() {
        return module;
    }

    Disposition disposition() {
        return disposition;
    }

    /** The verdict as the module words it ("Common" stays "Common"), or null when it gave none. */
    String dispositionName() {
        return disposition == Disposition.UNKNOWN && dispositionName == null ? null : dispositionName;
    }

    /** True when the module judged the observable or saw it. */
    boolean knows() {
        return disposition != Disposition.UNKNOWN || sightings > 0;
    }

    /** True when the module failed and gave nothing usable in either call. */
    boolean failed() {
        return failed && !knows();
    }

    /** One card line, e.g. "malicious, 3 sightings" or "unavailable (client-error)"; null when there is nothing to say. */
    String describe() {
        if (failed()) {
            return "unavailable (" + problem + ")";
        }
        StringBuilder line = new StringBuilder();
        if (disposition != Disposition.UNKNOWN && dispositionName != null) {
            line.append(dispositionName.toLowerCase(Locale.ROOT));
        }
        if (sightings > 0) {
            line.append(line.isEmpty() ? "" : ", ").append(sightings).append(sightings == 1 ? " sighting" : " sightings");
        }
        if (problem != null && !line.isEmpty()) {
            line.append(" (partial: ").append(problem).append(")");
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static String capitalised(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
