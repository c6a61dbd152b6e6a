package io.irflow.investigate;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservableParserTest {

    private final ObservableParser parser = new ObservableParser(Set.of("corp.example.com", ".Lab.Example.NET."));

    private ObservableParser.Parsed parse(String text) {
        return parser.parse(text);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}:{2}")
    @CsvSource(delimiter = '|', textBlock = """
        # hashes
        E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | SHA256 | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        da39a3ee5e6b4b0d3255bfef95601890afd80709                         | SHA1   | da39a3ee5e6b4b0d3255bfef95601890afd80709
        D41D8CD98F00B204E9800998ECF8427E                                 | MD5    | d41d8cd98f00b204e9800998ecf8427e
        # IPv4
        10.0.0.1              | IPV4 | 10.0.0.1
        0.0.0.0               | IPV4 | 0.0.0.0
        255.255.255.255       | IPV4 | 255.255.255.255
        192.168.1.10.         | IPV4 | 192.168.1.10
        10[.]0[.]0[.]1        | IPV4 | 10.0.0.1
        10(.)0{.}0[dot]1      | IPV4 | 10.0.0.1
        # IPv6
        ::1                   | IPV6 | ::1
        ::                    | IPV6 | ::
        2001:db8::1           | IPV6 | 2001:db8::1
        2001:0DB8:0000:0000:0000:0000:0000:0001 | IPV6 | 2001:db8::1
        2001:db8:0:0:1:0:0:1  | IPV6 | 2001:db8::1:0:0:1
        2001:db8:0:1:1:1:1:1  | IPV6 | 2001:db8:0:1:1:1:1:1
        fe80::1%eth0          | IPV6 | fe80::1
        [2001:db8::42]        | IPV6 | 2001:db8::42
        64:ff9b::192.0.2.33   | IPV6 | 64:ff9b::c000:221
        ::ffff:192.0.2.1      | IPV4 | 192.0.2.1
        2001[:]db8[:][:]1     | IPV6 | 2001:db8::1
        # MAC
        AA:BB:CC:DD:EE:FF     | MAC  | aa:bb:cc:dd:ee:ff
        aa-bb-cc-dd-ee-0f     | MAC  | aa:bb:cc:dd:ee:0f
        AABB.CCDD.EEFF        | MAC  | aa:bb:cc:dd:ee:ff
        0011.2233.4455        | MAC  | 00:11:22:33:44:55
        # URLs
        https://Evil.EXAMPLE.com/Path?Q=A#Frag         | URL | https://evil.example.com/Path?Q=A#Frag
        hxxp://evil[.]com/a.exe                        | URL | http://evil.com/a.exe
        hXXps://evil[.]com:8443/x                      | URL | https://evil.com:8443/x
        hxxps[://]evil[.]com                           | URL | https://evil.com
        hxxp[:]//evil[.]com/                           | URL | http://evil.com/
        fxp://files.example.org/pub                    | URL | ftp://files.example.org/pub
        FTP://10.1.2.3:2121/drop                       | URL | ftp://10.1.2.3:2121/drop
        http://[2001:DB8::0001]:8080/a                  | URL | http://[2001:db8::1]:8080/a
        <https://evil.com/login?next=/home&x=1>        | URL | https://evil.com/login?next=/home&x=1
        https://en.wikipedia.org/wiki/Foo_(bar)        | URL | https://en.wikipedia.org/wiki/Foo_(bar)
        (https://evil.com/x).                          | URL | https://evil.com/x
        http://user@Evil.com/                          | URL | http://user@evil.com/
        https://bücher.example/kaufen                  | URL | https://xn--bcher-kva.example/kaufen
        www.evil.com/download                          | URL | http://www.evil.com/download
        WWW.Evil.com?id=3                              | URL | http://www.evil.com?id=3
        # domains
        Example.COM           | DOMAIN | example.com
        evil[.]com            | DOMAIN | evil.com
        evil(dot)co(.)uk      | DOMAIN | evil.co.uk
        evil{.}com.           | DOMAIN | evil.com
        www.example.com       | DOMAIN | www.example.com
        münchen.de            | DOMAIN | xn--mnchen-3ya.de
        пример.рф             | DOMAIN | xn--e1afmkfd.xn--p1ai
        xn--mnchen-3ya.de     | DOMAIN | xn--mnchen-3ya.de
        corp.example.com      | DOMAIN | corp.example.com
        # hostnames
        WKS-0042              | HOSTNAME | wks-0042
        laptop17              | HOSTNAME | laptop17
        my-deployment-7d9f8b6c5d-abcde | HOSTNAME | my-deployment-7d9f8b6c5d-abcde
        ip-10-0-0-1           | HOSTNAME | ip-10-0-0-1
        WKS-0042.Corp.Example.COM | HOSTNAME | wks-0042.corp.example.com
        build.lab.example.net | HOSTNAME | build.lab.example.net
        db01.eu.corp.example.com. | HOSTNAME | db01.eu.corp.example.com
        """)
    void recognisesSingleToken(String input, ObservableType type, String value) {
        ObservableParser.Parsed p = parse(input);

        assertThat(p.unrecognised()).isEmpty();
        assertThat(p.observables()).containsExactly(new Observable(type, value));
        assertThat(p.dropped()).isZero();
        assertThat(p.looksLikeFreeText()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
        ../../etc/passwd
        <script>
        <script>alert(1)</script>
        javascript:alert(1)
        256.1.1.1
        1.2.3
        01.2.3.4
        1.2.3.4.5
        10.0.0.-1
        2001:db8::1::2
        1:2:3:4:5:6:7:8:9
        12345::
        1.2.3.4::
        fe80::1%
        fe80::1%eth/0
        fe80::1%eth0%1
        aa:bb:cc:dd:ee
        aa:bb-cc:dd:ee:ff
        gg:bb:cc:dd:ee:ff
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a
        zz39a3ee5e6b4b0d3255bfef95601890afd80709
        http://
        http:///path
        https://evil.com:0/
        https://evil.com:70000/
        https://evil.com:80a/
        http://-bad-.com/
        http://1.2.3/
        http://[::1/
        http://[fe80::1%eth0]/
        mailto://x@y.com
        file:///etc/passwd
        example.c
        example.123
        -bad.example.com
        a_b.example.com
        12345
        abcdef0123456789abcdef0123
        laptop-
        malware
        e.g.
        ~~~
        foo@bar
        """)
    void rejectsGarbage(String input) {
        ObservableParser.Parsed p = parse(input);

        assertThat(p.observables()).isEmpty();
        assertThat(p.unrecognised()).containsExactly(input);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", ",,,"})
    void emptyInputYieldsNothing(String input) {
        ObservableParser.Parsed p = parse(input);

        assertThat(p.observables()).isEmpty();
        assertThat(p.unrecognised()).isEmpty();
        assertThat(p.dropped()).isZero();
        assertThat(p.looksLikeFreeText()).isFalse();
    }

    @Test
    void nullInputYieldsNothing() {
        assertThat(parse(null).observables()).isEmpty();
    }

    @Test
    void punctuationOnlyTokensAreIgnored() {
        assertThat(parse("10.0.0.1 ... \"\" <>").unrecognised()).isEmpty();
    }

    @Test
    void quotedTokensAreUnwrapped() {
        ObservableParser.Parsed p = parse("'evil.com' \"10.0.0.1\" `WKS-0042` \u201Cexample.org\u201D");

        assertThat(p.observables()).extracting(Observable::value)
                .containsExactly("evil.com", "10.0.0.1", "wks-0042", "example.org");
    }

    @Test
    void mixedListKeepsOrderAndSplitsOnCommasAndWhitespace() {
        ObservableParser.Parsed p = parse(" hxxp://bad[.]com/x,10.1.1.1 ;\n D41D8CD98F00B204E9800998ECF8427E,"
                + "\u00A0aa-bb-cc-dd-ee-ff\tWKS-7 ");

        assertThat(p.observables()).containsExactly(
                new Observable(ObservableType.URL, "http://bad.com/x"),
                new Observable(ObservableType.IPV4, "10.1.1.1"),
                new Observable(ObservableType.MD5, "d41d8cd98f00b204e9800998ecf8427e"),
                new Observable(ObservableType.MAC, "aa:bb:cc:dd:ee:ff"),
                new Observable(ObservableType.HOSTNAME, "wks-7"));
        assertThat(p.unrecognised()).isEmpty();
        assertThat(p.dropped()).isZero();
    }

    @Test
    void commaInsideAUrlSplitsIt() {
        ObservableParser.Parsed p = parse("https://evil.com/a,b");

        assertThat(p.observables()).containsExactly(new Observable(ObservableType.URL, "https://evil.com/a"));
        assertThat(p.unrecognised()).containsExactly("b");
    }

    @Test
    void duplicatesAfterNormalisationAreRemoved() {
        ObservableParser.Parsed p = parse("evil.com EVIL[.]com evil.com. 2001:db8::1 2001:DB8:0:0:0:0:0:1 junk junk");

        assertThat(p.observables()).containsExactly(
                new Observable(ObservableType.DOMAIN, "evil.com"),
                new Observable(ObservableType.IPV6, "2001:db8::1"));
        assertThat(p.unrecognised()).containsExactly("junk");
    }

    @Test
    void keepsFiveAndCountsTheDistinctRestAsDropped() {
        ObservableParser.Parsed p = parse("10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 10.0.0.6 10.0.0.7"
                + " n0t/valid");

        assertThat(p.observables()).extracting(Observable::value)
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");
        assertThat(p.dropped()).isEqualTo(2);
        assertThat(p.unrecognised()).containsExactly("n0t/valid");
    }

    @Test
    void maxIsConfigurable() {
        ObservableParser.Parsed p = new ObservableParser(Set.of(), 2).parse("a1 b2 c3");

        assertThat(p.observables()).hasSize(2);
        assertThat(p.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> new ObservableParser(Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullInternalDomainsMeansNone() {
        assertThat(new ObservableParser(null).parse("host1.corp.example.com").observables())
                .containsExactly(new Observable(ObservableType.DOMAIN, "host1.corp.example.com"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void hugeTokensAreRejectedQuicklyAndShortenedInTheEcho() {
        String[] huge = {"a".repeat(5000), "1".repeat(5000), "http://" + "a.".repeat(2500), "[.]".repeat(2000),
            ":".repeat(5000), "(".repeat(5000), "a".repeat(2000) + ".com"};
        for (String h : huge) {
            ObservableParser.Parsed p = parse(h + " 10.0.0.1");
            assertThat(p.observables()).extracting(Observable::value).containsExactly("10.0.0.1");
            assertThat(p.unrecognised()).singleElement().satisfies(u -> {
                assertThat(u).hasSize(ObservableParser.MAX_ECHO_LENGTH + 1).endsWith("\u2026");
                assertThat(h).startsWith(u.substring(0, ObservableParser.MAX_ECHO_LENGTH));
            });
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void manyTokensAreFast() {
        String text = "x.y[.]z ".repeat(20_000);

        assertThat(parse(text).observables()).isEmpty();
    }

    @Test
    void freeTextIsDetectedWhenMostTokensAreUnrecognised() {
        assertThat(parse("is WKS-0042 infected with something?").looksLikeFreeText()).isTrue();
        assertThat(parse("why is this machine beaconing to evil.com").looksLikeFreeText()).isTrue();
        assertThat(parse("evil.com 10.0.0.1 junk").looksLikeFreeText()).isFalse();
        assertThat(parse("evil.com junk").looksLikeFreeText()).isFalse();
        assertThat(parse("junk").looksLikeFreeText()).isFalse();
        assertThat(parse("hello world").looksLikeFreeText()).isTrue();
    }

    @Test
    void cleanRefangsAndStripsWrappers() {
        assertThat(ObservableParser.clean("<hXXps[://]a[DOT]b{.}c>,")).isEqualTo("https://a.b.c");
        assertThat(ObservableParser.clean("((evil.com))")).isEqualTo("evil.com");
        assertThat(ObservableParser.clean("hxxpool.com")).isEqualTo("hxxpool.com");
    }

    @org.junit.jupiter.api.Test
    void windows_host_names_with_underscores_are_hosts() {
        ObservableParser.Parsed p = new ObservableParser(java.util.Set.of()).parse("Demo_Command_Line_Arguments_Kovter _x_ a_b.example.com");
        org.assertj.core.api.Assertions.assertThat(p.observables()).containsExactly(
                new io.irflow.capabilities.Observable(io.irflow.capabilities.ObservableType.HOSTNAME, "demo_command_line_arguments_kovter"));
        org.assertj.core.api.Assertions.assertThat(p.unrecognised()).contains("_x_");
    }

    @Test
    void the_issues_sentence_yields_the_domain_and_the_ip_and_names_the_file() {
        ObservableParser.Parsed p = parse("beaconing to update-cdn[.]badguys[.]example from 203.0.113[.]66 after "
                + "invoice_2026-11.pdf.exe ran");

        assertThat(p.looksLikeFreeText()).isTrue();
        assertThat(p.observables()).containsExactly(
                new Observable(ObservableType.DOMAIN, "update-cdn.badguys.example"),
                new Observable(ObservableType.IPV4, "203.0.113.66"));
        assertThat(p.fileNames()).containsExactly("invoice_2026-11.pdf.exe");
        assertThat(p.unrecognised()).containsExactly("beaconing", "to", "from", "after", "ran");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
        the host called hxxp://update-cdn[.]badguys[.]example/gate.php twice             | URL:http://update-cdn.badguys.example/gate.php
        then it fetched gate.php and -11.pdf.exe from the share                            | -
        saw traffic to evil(.)example{.}com and 198.51.100[.]7, then nothing                 | DOMAIN:evil.example.com IPV4:198.51.100.7
        callback (see hXXps[:]//cdn[.]bad[.]example/a) at noon.                              | URL:https://cdn.bad.example/a
        it connected to 203.0.113.66:443 and 203.0.113[.]67:8080 from WKS-FIN-042             | IPV4:203.0.113.66 IPV4:203.0.113.67 HOSTNAME:wks-fin-042
        the user opened invoice.zip and clip.mov from the mail                               | -
        dropped C:\\Users\\Public\\svc.dll and /tmp/x.sh.exe on the box                     | -
        hash is E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855, reported by Talos | SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        "beaconing to evil[dot]example" said the analyst                                     | DOMAIN:evil.example
        seen on web01.corp and nas.local and printer.home.arpa last night                    | HOSTNAME:web01.corp HOSTNAME:nas.local HOSTNAME:printer.home.arpa
        e.g. the payload i.e. the dropper, etc. was not found                                | -
        a follow-up e-mail from WKS-0042 about a well-known evil[.]example host               | HOSTNAME:wks-0042 DOMAIN:evil.example
        the kovter sample ran as Demo_Command_Line_Arguments_Kovter on the box             | HOSTNAME:demo_command_line_arguments_kovter
        """)
    void free_text_is_mined_for_indicators(String text, String expected) {
        ObservableParser.Parsed p = new ObservableParser(Set.of(), 10).parse(text);

        assertThat(p.observables()).extracting(Observable::toString)
                .containsExactly(expected.equals("-") ? new String[0] : expected.split(" "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"invoice_2026-11.pdf.exe", "-11.pdf.exe", "gate.php", "report.PDF", "payload.dll",
        "loader.js", "Invoice.docm", "archive.7z", "C:\\Temp\\evil.exe", "/var/www/html/shell.php", "(dropper.vbs)"})
    void file_names_are_never_domains(String token) {
        ObservableParser.Parsed p = parse(token);

        assertThat(p.observables()).isEmpty();
        assertThat(p.unrecognised()).isEmpty();
        assertThat(p.fileNames()).hasSize(1);
    }

    @Test
    void hyphenated_names_are_hosts_in_a_list_but_words_in_a_sentence() {
        assertThat(parse("mail-gw proxy-a").observables()).extracting(Observable::value)
                .containsExactly("mail-gw", "proxy-a");
        ObservableParser.Parsed prose = parse("check the follow-up e-mail");
        assertThat(prose.observables()).isEmpty();
        assertThat(prose.unrecognised()).contains("follow-up", "e-mail");
    }

    @Test
    void zip_and_mov_are_files_in_prose_but_domains_when_asked_for_alone() {
        assertThat(parse("update.zip").observables()).containsExactly(new Observable(ObservableType.DOMAIN, "update.zip"));
        assertThat(parse("update.zip 203.0.113.5").observables()).extracting(Observable::value)
                .containsExactly("update.zip", "203.0.113.5");
        ObservableParser.Parsed prose = parse("the user opened update.zip from the mail");
        assertThat(prose.observables()).isEmpty();
        assertThat(prose.fileNames()).containsExactly("update.zip");
    }

    @Test
    void real_tlds_that_look_like_extensions_stay_domains() {
        assertThat(parse("evil.com tool.py deploy.sh").observables()).extracting(Observable::type)
                .containsOnly(ObservableType.DOMAIN);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
        WKS-FIN-042.local      | wks-fin-042.local
        nas.lan                | nas.lan
        db01.internal          | db01.internal
        web01.corp             | web01.corp
        printer.home.arpa      | printer.home.arpa
        mail.localdomain       | mail.localdomain
        files.intranet         | files.intranet
        laptop.home            | laptop.home
        """)
    void names_under_non_public_suffixes_are_hosts(String input, String value) {
        assertThat(new ObservableParser(Set.of()).parse(input).observables())
                .containsExactly(new Observable(ObservableType.HOSTNAME, value));
    }

    @Test
    void ipv4_with_an_invalid_port_is_not_an_ip() {
        assertThat(parse("203.0.113.66:0").observables()).isEmpty();
        assertThat(parse("203.0.113.66:70000").observables()).isEmpty();
        assertThat(parse("999.0.113.66:80").observables()).isEmpty();
    }
}
