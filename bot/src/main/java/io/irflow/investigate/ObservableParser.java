package io.irflow.investigate;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure parser that turns the text after {@code /investigate} into typed, refanged, normalised
 * observables.
 *
 * <p>Rules (see {@code ObservableParserTest} for examples):
 * <ul>
 *   <li>Tokens are split on whitespace (incl. NBSP/zero-width space) and commas; tokens longer
 *       than {@value #MAX_TOKEN_LENGTH} chars are rejected before any other work.</li>
 *   <li>Refang: {@code [.] (.) {.} [dot] (dot) {dot} [:] [://]} anywhere (case-insensitive),
 *       {@code hxxp/hXXp/hxxps/fxp} schemes; surrounding {@code <> () [] {} " ' `} and smart
 *       quotes and trailing {@code .,;!?} are stripped (a closing bracket only when unbalanced,
 *       so {@code .../Foo_(bar)} URLs survive).</li>
 *   <li>Hashes: 64/40/32 hex chars, lower-cased.</li>
 *   <li>URLs: scheme http/https/ftp with a valid host (DNS name, IPv4 or bracketed IPv6) and
 *       optional port 1-65535; scheme and host lower-cased (IDN hosts to punycode), user-info,
 *       path, query and fragment kept verbatim. A scheme-less token starting {@code www.} that
 *       has a path or query is treated as an {@code http://} URL; a bare {@code www.x.com} is a
 *       DOMAIN, and other scheme-less {@code host/path} tokens are not recognised.</li>
 *   <li>MAC: {@code aa:bb:..}, {@code aa-bb-..} or Cisco {@code aabb.ccdd.eeff} (the Cisco form
 *       wins over a domain reading) to lower-case colon form.</li>
 *   <li>IPv4: strict dotted quad. IPv6: pure syntax check (never {@code InetAddress}), RFC 5952
 *       output; a zone id ({@code %eth0}) is stripped because it is meaningful only on the
 *       originating host; IPv4-mapped {@code ::ffff:a.b.c.d} becomes the IPv4 observable.</li>
 *   <li>HOSTNAME: a single label with a digit or hyphen and not all digits ({@code WKS-0042},
 *       {@code laptop17}); letters-only words are too ambiguous with prose and are left
 *       unrecognised, as are hyphen-less labels over 24 chars (mangled hashes). Any FQDN under
 *       a configured internal domain or a {@link #NON_PUBLIC_SUFFIXES non-public suffix}
 *       ({@code .local}, {@code .corp}, {@code .home.arpa} ...) is a HOSTNAME. Lower-cased.</li>
 *   <li>DOMAIN: a dotted name whose TLD is 2-63 letters or {@code xn--}; lower-case, trailing
 *       dot removed, unicode labels converted with {@link java.net.IDN#toASCII}. A name whose
 *       last label is a file extension ({@code .exe}, {@code .php}, {@code .pdf} ...) is a file
 *       name, not a domain; see {@link FileNames}.</li>
 *   <li>IPv4 with a port ({@code 203.0.113.66:443}) is the IPv4 observable.</li>
 *   <li>Free text (see {@link Parsed#looksLikeFreeText()}) is mined token by token with the same
 *       rules, so defanged indicators inside a sentence are found; file names are listed apart
 *       in {@link Parsed#fileNames()}, never looked up. In free text a bare single-label host name
 *       needs a digit ({@code WKS-0042}), so hyphenated words ({@code follow-up}) stay words.</li>
 * </ul>
 */
public final class ObservableParser {

    /** Default number of observables kept per request. */
    public static final int DEFAULT_MAX = 5;
    /** A single label with at least one underscore and one letter, e.g. {@code Demo_Command_Line_Arguments_Kovter}. */
    private static final java.util.regex.Pattern UNDERSCORE_HOST =
            java.util.regex.Pattern.compile("(?=[A-Za-z0-9_-]*[A-Za-z])(?=[A-Za-z0-9-]*_)[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    /** Longer tokens are rejected up front (longer than any URL worth pasting into chat). */
    public static final int MAX_TOKEN_LENGTH = 2048;
    /** Unrecognised tokens longer than this are shortened in {@link Parsed#unrecognised()}. */
    public static final int MAX_ECHO_LENGTH = 80;

    /**
     * Suffixes that are not on the public internet (RFC 6762 appendix G, RFC 6761's {@code .localhost}, RFC 8375's
     * {@code home.arpa}, and the common {@code .localdomain}): a name under one is a host on the responder's network.
     * The reserved {@code .test}, {@code .example} and {@code .invalid} stay domains: documentation uses them for
     * internet names.
     */
    public static final List<String> NON_PUBLIC_SUFFIXES = List.of(".local", ".localdomain", ".localhost", ".lan",
            ".internal", ".intranet", ".corp", ".home", ".private", ".home.arpa");
    private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d{1,5})");
    /** Hyphen-less bare labels longer than this look like mangled hashes, not hostnames. */
    private static final int MAX_PLAIN_LABEL = 24;
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u200B,]+");
    private static final String[][] DEFANGS = {
        {"[://]", "://"}, {"[:]", ":"}, {"[.]", "."}, {"(.)", "."}, {"{.}", "."},
        {"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."},
    };
    private static final String OPENERS = "<([{\"'`\u201C\u2018\u00AB";
    private static final String CLOSERS = ">)]}\"'`\u201D\u2019\u00BB.,;!?";

    private final List<String> internalSuffixes;
    private final int max;

    /** Creates a parser keeping {@value #DEFAULT_MAX} observables; FQDNs under internalDomains are hostnames. */
    public ObservableParser(Set<String> internalDomains) {
        this(internalDomains, DEFAULT_MAX);
    }

    /** Creates a parser keeping at most {@code max} observables; FQDNs under internalDomains are hostnames. */
    public ObservableParser(Set<String> internalDomains, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1");
        }
        this.max = max;
        List<String> suffixes = new ArrayList<>(NON_PUBLIC_SUFFIXES);
        for (String d : internalDomains == null ? Set.<String>of() : internalDomains) {
            String n = d.strip().toLowerCase(Locale.ROOT);
            while (n.startsWith(".")) {
                n = n.substring(1);
            }
            while (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            if (!n.isEmpty()) {
                suffixes.add("." + n);
            }
        }
        this.internalSuffixes = List.copyOf(suffixes);
    }

    /**
     * Result of a parse.
     *
     * @param observables  distinct observables in input order, at most the parser's max
     * @param dropped      distinct valid observables beyond the max
     * @param unrecognised distinct unrecognised tokens, verbatim (shortened past {@value #MAX_ECHO_LENGTH} chars)
     * @param fileNames    distinct file names (and paths to them) as cleaned, which are understood but not looked up
     */
    public record Parsed(List<Observable> observables, int dropped, List<String> unrecognised, List<String> fileNames) {
        /** Defensive copies. */
        public Parsed {
            observables = List.copyOf(observables);
            unrecognised = List.copyOf(unrecognised);
            fileNames = List.copyOf(fileNames);
        }

        /** True when there is more than one (distinct) token and most of them are unrecognised. */
        public boolean looksLikeFreeText() {
            return freeText(observables.size() + dropped + fileNames.size(), unrecognised.size());
        }

        private static boolean freeText(int recognised, int unrecognised) {
            return recognised + unrecognised > 1 && unrecognised > recognised;
        }
    }

    /** Parses the text after {@code /investigate} (flags already removed); never throws on content. */
    public Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(List.of(), 0, List.of(), List.of());
        }
        List<String[]> tokens = new ArrayList<>();
        for (String raw : SEPARATORS.split(text.strip())) {
            if (raw.isEmpty()) {
                continue;
            }
            String cleaned = raw.length() > MAX_TOKEN_LENGTH ? null : clean(raw);
            if (cleaned == null || !cleaned.isEmpty()) {
                tokens.add(new String[] {raw, cleaned});
            }
        }
        LinkedHashSet<Observable> found = new LinkedHashSet<>();
        LinkedHashSet<String> bad = new LinkedHashSet<>();
        LinkedHashSet<String> files = new LinkedHashSet<>();
        for (String[] t : tokens) {
            Observable o = t[1] == null ? null : detect(t[1]);
            if (o != null) {
                found.add(o);
            } else if (t[1] != null && FileNames.isFileName(t[1], false)) {
                files.add(echo(t[1]));
            } else {
                bad.add(echo(t[0]));
            }
        }
        long words = found.stream().filter(ObservableParser::wordLike).count();
        // Hyphenated words count as prose when deciding, unless every token was recognised (a plain list of hosts).
        if (Parsed.freeText((int) (found.size() - (bad.isEmpty() ? 0 : words)) + files.size(),
                (int) (bad.size() + (bad.isEmpty() ? 0 : words)))) {
            for (Observable o : List.copyOf(found)) {
                if (o.type() == ObservableType.DOMAIN && FileNames.hasAmbiguousExtension(o.value())) {
                    // In prose "invoice.zip" is a file; asked for alone it is the .zip domain (see FileNames).
                    found.remove(o);
                    files.add(o.value());
                } else if (wordLike(o)) {
                    // In prose "follow-up" or "e-mail" is a word; a bare host name there needs a digit (WKS-0042).
                    found.remove(o);
                    bad.add(o.value());
                }
            }
        }
        List<Observable> all = new ArrayList<>(found);
        int kept = Math.min(max, all.size());
        return new Parsed(all.subList(0, kept), all.size() - kept, new ArrayList<>(bad), new ArrayList<>(files));
    }

    /** A bare host name of letters and hyphens only ({@code follow-up}): in a sentence, a word. */
    private static boolean wordLike(Observable o) {
        return o.type() == ObservableType.HOSTNAME
                && o.value().chars().noneMatch(c -> c == '.' || c == '_' || (c >= '0' && c <= '9'));
    }

    /** Refangs and strips wrapping punctuation; the result may be empty. */
    static String clean(String token) {
        String s = token;
        for (String[] d : DEFANGS) {
            s = replaceIgnoreCase(s, d[0], d[1]);
        }
        s = stripWrappers(s);
        for (String fanged : new String[] {"hxxp", "fxp"}) {
            int n = fanged.length();
            if (s.regionMatches(true, 0, fanged, 0, n)
                    && (s.startsWith("://", n) || s.regionMatches(true, n, "s://", 0, 4))) {
                s = (fanged.equals("fxp") ? "ftp" : "http") + s.substring(n);
            }
        }
        return s;
    }

    private static String stripWrappers(String token) {
        String s = token;
        boolean changed = true;
        while (changed && !s.isEmpty()) {
            changed = false;
            if (OPENERS.indexOf(s.charAt(0)) >= 0) {
                s = s.substring(1);
                changed = true;
            }
            if (!s.isEmpty()) {
                char last = s.charAt(s.length() - 1);
                int bracket = ")]}".indexOf(last);
                if (CLOSERS.indexOf(last) >= 0
                        && (bracket < 0 || count(s, last) > count(s, "([{".charAt(bracket)))) {
                    s = s.substring(0, s.length() - 1);
                    changed = true;
                }
            }
        }
        return s;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static String replaceIgnoreCase(String s, String target, String replacement) {
        StringBuilder sb = null;
        int from = 0;
        for (int i = 0; i + target.length() <= s.length(); ) {
            if (s.regionMatches(true, i, target, 0, target.length())) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                }
                sb.append(s, from, i).append(replacement);
                i += target.length();
                from = i;
            } else {
                i++;
            }
        }
        return sb == null ? s : sb.append(s, from, s.length()).toString();
    }

    /** Classifies one cleaned token, returning null when it is not a supported observable. */
    private Observable detect(String s) {
        if (NetSyntax.isHex(s)) {
            ObservableType hash = switch (s.length()) {
                case 64 -> ObservableType.SHA256;
                case 40 -> ObservableType.SHA1;
                case 32 -> ObservableType.MD5;
                default -> null;
            };
            if (hash != null) {
                return new Observable(hash, s.toLowerCase(Locale.ROOT));
            }
        }
        if (s.contains("://")) {
            return of(ObservableType.URL, UrlSyntax.normalise(s));
        }
        if (s.regionMatches(true, 0, "www.", 0, 4) && (s.indexOf('/') > 0 || s.indexOf('?') > 0)) {
            return of(ObservableType.URL, UrlSyntax.normalise("http://" + s));
        }
        String mac = NetSyntax.normaliseMac(s);
        if (mac != null) {
            return new Observable(ObservableType.MAC, mac);
        }
        if (NetSyntax.isIpv4(s)) {
            return new Observable(ObservableType.IPV4, s);
        }
        java.util.regex.Matcher withPort = IPV4_PORT.matcher(s);
        if (withPort.matches() && NetSyntax.isIpv4(withPort.group(1))) {
            int port = Integer.parseInt(withPort.group(2));
            return port >= 1 && port <= 65535 ? new Observable(ObservableType.IPV4, withPort.group(1)) : null;
        }
        if (s.indexOf(':') >= 0) {
            return ipv6(s);
        }
        return name(s);
    }

    private static Observable ipv6(String s) {
        int pct = s.indexOf('%');
        if (pct >= 0 && !NetSyntax.isZoneId(s.substring(pct + 1))) {
            return null;
        }
        int[] g = NetSyntax.parseIpv6(pct >= 0 ? s.substring(0, pct) : s);
        if (g == null) {
            return null;
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return new Observable(ObservableType.IPV4,
                    (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff));
        }
        return new Observable(ObservableType.IPV6, NetSyntax.formatIpv6(g));
    }

    private Observable name(String s) {
        if (UNDERSCORE_HOST.matcher(s).matches()) {
            // Windows (NetBIOS) computer names may carry underscores, which DNS names may not; AMP reports them as-is.
            return new Observable(ObservableType.HOSTNAME, s.toLowerCase(java.util.Locale.ROOT));
        }
        String h = NetSyntax.asciiHostname(s);
        if (h == null) {
            return null;
        }
        int dot = h.lastIndexOf('.');
        if (dot < 0) {
            boolean digit = false;
            boolean letter = false;
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                digit |= c >= '0' && c <= '9';
                letter |= c >= 'a' && c <= 'z';
            }
            boolean hyphen = h.indexOf('-') >= 0;
            boolean plausible = (digit || hyphen) && (letter || hyphen) && (hyphen || h.length() <= MAX_PLAIN_LABEL);
            return plausible ? new Observable(ObservableType.HOSTNAME, h) : null;
        }
        for (String suffix : internalSuffixes) {
            if (h.endsWith(suffix)) {
                return new Observable(ObservableType.HOSTNAME, h);
            }
        }
        if (FileNames.hasFileExtension(h)) {
            return null;
        }
        return NetSyntax.isTld(h.substring(dot + 1)) ? new Observable(ObservableType.DOMAIN, h) : null;
    }

    private static Observable of(ObservableType type, String value) {
        return value == null ? null : new Observable(type, value);
    }

    private static String echo(String raw) {
        return raw.length() <= MAX_ECHO_LENGTH ? raw : raw.substring(0, MAX_ECHO_LENGTH) + "\u2026";
    }
}
