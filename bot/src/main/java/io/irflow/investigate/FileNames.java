package io.irflow.investigate;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells file names ({@code invoice_2026-11.pdf.exe}, {@code gate.php}, {@code C:\Temp\x.dll}) from domains, so a file
 * an analyst mentions never becomes a domain card with a Block button.
 *
 * <p>{@link #EXTENSIONS} holds common file extensions that are <em>not</em> delegated top-level domains: a dotted
 * name ending in one is a file name wherever it appears. Some extensions are also real TLDs; of those, {@code .zip}
 * and {@code .mov} (Google's gTLDs, well known for this confusion) are {@link #AMBIGUOUS}: inside a pasted sentence
 * they are read as file names ({@code "opened invoice.zip"}), but a name typed on its own, or in a plain list of
 * observables, is investigated as the domain the responder asked for (phishing does use {@code .zip} domains). Other
 * extensions that are country codes or gTLDs ({@code .com}, {@code .py}, {@code .sh}, {@code .pl}, {@code .md},
 * {@code .so}, {@code .ps}, {@code .rs}, {@code .one}, {@code .key}, {@code .cab}, {@code .dot}, {@code .app},
 * {@code .dev}) stay domains: they are live namespaces, and a file with such a name is rarely pasted as an indicator.
 */
final class FileNames {

    /** File extensions that are no delegated TLD (checked against IANA's root zone list when this was written). */
    static final Set<String> EXTENSIONS = Set.of(
            // Windows executables, libraries, scripts and shortcuts
            "exe", "dll", "sys", "scr", "pif", "cpl", "ocx", "drv", "msi", "msp", "bat", "cmd", "ps1", "psm1", "vbs",
            "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "scf", "reg", "inf", "chm", "iqy", "slk", "xll",
            // other platforms' binaries, packages and disk images
            "jar", "apk", "dmg", "deb", "rpm", "elf", "bin", "dylib", "iso", "img", "vhd", "vhdx", "vmdk",
            // archives
            "rar", "7z", "gz", "tgz", "bz2", "xz", "tar",
            // documents and mail
            "pdf", "doc", "docx", "docm", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlam", "ppt", "pptx", "pptm", "rtf",
            "odt", "ods", "txt", "csv", "log", "eml", "msg", "pst",
            // web pages and server scripts
            "php", "asp", "aspx", "jsp", "cgi", "htm", "html", "json", "xml",
            // media
            "jpg", "jpeg", "png", "gif", "bmp", "svg", "mp3", "mp4", "avi", "wav",
            // data and temporary files
            "dat", "tmp", "bak", "db", "ini", "cfg", "pyc");

    /** Real TLDs that are also common file extensions: file names in prose, domains when asked for alone. */
    static final Set<String> AMBIGUOUS = Set.of("zip", "mov");

    /** A path's last segment: a file name with an extension of letters and digits. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$~()\\-][A-Za-z0-9_.$~()\\-]*\\.([A-Za-z0-9]{1,10})");

    private FileNames() {
    }

    /** True when the last label of a dotted name is a file extension that is no TLD. */
    static boolean hasFileExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** True when the last label of a dotted name is one of the {@link #AMBIGUOUS} TLDs. */
    static boolean hasAmbiguousExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && AMBIGUOUS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * True when a cleaned token is a file name or a path to one (its last {@code /} or {@code \} segment), ending in
     * one of {@link #EXTENSIONS} or, when {@code prose}, one of {@link #AMBIGUOUS}. URLs are never file names.
     */
    static boolean isFileName(String token, boolean prose) {
        if (token.contains("://")) {
            return false;
        }
        String last = token.substring(Math.max(token.lastIndexOf('/'), token.lastIndexOf('\\')) + 1);
        if (!NAME.matcher(last).matches()) {
            return false;
        }
        return hasFileExtension(last) || prose && hasAmbiguousExtension(last);
    }
}
