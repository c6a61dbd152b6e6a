package io.irflow.adapters.cmx;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.adapters.HttpSettings;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.FloorMaps.FloorPlan;
import io.irflow.capabilities.Location;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CMX floor plans against WireMock: the image by name when the client's location carries size and name, the map info
 * (in each spelling CMX releases use) when it does not, and no picture, or a typed error, for 404, missing size,
 * refused credentials, a slow answer and an oversized image.
 */
class CmxFloorMapsTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String USER = "cmx-api";
    private static final String PASS = "cmx-secret";
    private static final String INFO = "/api/config/v1/maps/info/HQ%20Campus/Building%202/Floor%203";
    private static final String SOURCE = "/api/config/v1/maps/imagesource/domain_0_1554393871146.png";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    private CmxFloorMaps maps;

    @BeforeEach
    void setUp() {
        maps = new CmxFloorMaps(new CmxConfig(new HttpSettings(wm.baseUrl(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), null, true), USER, PASS));
    }

    @AfterEach
    void tearDown() {
        maps.close();
    }

    private static Location.Floor floor(Double width, Double length, String imageName) {
        return new Location.Floor("HQ Campus", "Building 2", "Floor 3", width, length, imageName);
    }

    private static void image(String path) {
        wm.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody(PNG)));
    }

    @Test
    void a_location_with_size_and_image_name_needs_only_the_image() throws Exception {
        image(SOURCE);

        Optional<FloorPlan> plan = maps.plan(floor(262.0, 148.5, "domain_0_1554393871146.png"), Duration.ofSeconds(2));

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.image()).isEqualTo(PNG);
            assertThat(p.width()).isEqualTo(262.0);
            assertThat(p.length()).isEqualTo(148.5);
        });
        wm.verify(getRequestedFor(urlEqualTo(SOURCE)).withBasicAuth(new BasicCredentials(USER, PASS)));
        wm.verify(0, getRequestedFor(urlPathMatching("/api/config/v1/maps/info/.*")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maps-info-dimension.json", "maps-info-Dimension-capitalised.json",
            "maps-info-floorDimension.json"})
    void without_them_the_map_info_is_read_in_every_spelling_with_each_name_its_own_encoded_segment(String fixture)
            throws Exception {
        wm.stubFor(get(urlEqualTo(INFO)).willReturn(okJson(Fixtures.text("fixtures/cmx/" + fixture))));
        image(SOURCE);

        Optional<FloorPlan> plan = maps.plan(floor(null, null, null), Duration.ofSeconds(2));

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.width()).isEqualTo(262.0);
            assertThat(p.length()).isEqualTo(148.5);
        });
        wm.verify(getRequestedFor(urlEqualTo(INFO)).withBasicAuth(new BasicCredentials(USER, PASS)));
        wm.verify(getRequestedFor(urlEqualTo(SOURCE)));
    }

    @Test
    void a_floor_without_a_size_gets_no_picture_and_no_image_is_fetched() throws Exception {
        wm.stubFor(get(urlEqualTo(INFO)).willReturn(okJson(Fixtures.text("fixtures/cmx/maps-info-no-dimension.json"))));

        assertThat(maps.plan(floor(null, null, null), Duration.ofSeconds(2))).isEmpty();

        wm.verify(0, getRequestedFor(urlPathMatching("/api/config/v1/maps/image.*")));
    }

    @Test
    void an_unknown_floor_or_a_missing_image_is_no_picture() throws Exception {
        wm.stubFor(get(urlEqualTo(INFO)).willReturn(aResponse().withStatus(404)));
        assertThat(maps.plan(floor(null, null, null), Duration.ofSeconds(2))).isEmpty();

        wm.stubFor(get(urlEqualTo(SOURCE)).willReturn(aResponse().withStatus(404)));
        assertThat(maps.plan(floor(262.0, 148.5, "domain_0_1554393871146.png"), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void refused_credentials_are_an_unauthorized_error() {
        wm.stubFor(get(urlEqualTo(SOURCE)).willReturn(aResponse().withStatus(401).withBody("<html>no</html>")));

        assertThatThrownBy(() -> maps.plan(floor(262.0, 148.5, "domain_0_1554393871146.png"), Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED));
    }

    @Test
    void an_image_slower_than_the_time_left_is_a_timeout_within_that_time() {
        wm.stubFor(get(urlEqualTo(SOURCE)).willReturn(aResponse().withStatus(200).withBody(PNG)
                .withFixedDelay(3000)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> maps.plan(floor(262.0, 148.5, "domain_0_1554393871146.png"), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void an_image_over_ten_megabytes_is_refused() {
        wm.stubFor(get(urlEqualTo(SOURCE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(new byte[CmxClient.MAX_IMAGE_BYTES + 1])));

        assertThatThrownBy(() -> maps.plan(floor(262.0, 148.5, "domain_0_1554393871146.png"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @Test
    void an_image_name_that_is_not_a_plain_file_name_is_not_put_in_a_path_the_floor_names_are_used_instead()
            throws Exception {
        image("/api/config/v1/maps/image/HQ%20Campus/Building%202/Floor%203");

        for (String name : new String[]{"../../admin/users", "a/b.png", "x.png?y=1", "%2e%2e"}) {
            assertThat(maps.plan(floor(262.0, 148.5, name), Duration.ofSeconds(2))).as(name).isPresent();
        }

        wm.verify(0, getRequestedFor(urlPathMatching("/api/config/v1/maps/imagesource/.*")));
        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).allSatisfy(r ->
                assertThat(r.getUrl()).isEqualTo("/api/config/v1/maps/image/HQ%20Campus/Building%202/Floor%203"));
    }

    @Test
    void usable_image_names_are_cmx_shaped_file_names() {
        assertThat(CmxFloorMaps.usable("domain_0_1462212406005.PNG")).isTrue();
        assertThat(CmxFloorMaps.usable("acme_Building_1_Floor_3.png")).isTrue();
        assertThat(CmxFloorMaps.usable("..")).isFalse();
        assertThat(CmxFloorMaps.usable("a..png")).isFalse();
        assertThat(CmxFloorMaps.usable("")).isFalse();
        assertThat(CmxFloorMaps.usable(null)).isFalse();
    }
}
