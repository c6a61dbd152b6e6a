package io.irflow.adapters.cmx;

import io.irflow.adapters.cmx.dto.CmxMapInfo;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.FloorMaps;
import io.irflow.capabilities.Location;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CMX's floor plans: the size and image of the floor a client was located on.
 * <p>Operations: the floor's size and image name come with the client's location (v2 {@code mapInfo}); what is
 * missing is asked with {@code GET /api/config/v1/maps/info/{campus}/{building}/{floor}}. The image is fetched by
 * name ({@code /api/config/v1/maps/imagesource/{imageName}}), or by the floor's names
 * ({@code /api/config/v1/maps/image/{campus}/{building}/{floor}}) when CMX gives no usable name. Each call is bounded
 * by the caller's time; images over 10 MB are refused. Config: {@link CmxConfig}.
 */
public final class CmxFloorMaps implements FloorMaps, AutoCloseable {
    /** Image names as CMX makes them ({@code domain_0_1462212406005.PNG}); anything else is not put in a path. */
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._()-]{0,199}");

    private final CmxClient client;

    public CmxFloorMaps(CmxConfig config) {
        this.client = new CmxClient(config);
    }

    @Override
    public String source() {
        return CmxEnrichment.SOURCE;
    }

    @Override
    public Optional<FloorPlan> plan(Location.Floor floor, Duration within) throws AdapterException {
        if (floor == null || !floor.named()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + within.toNanos();
        Double width = floor.width();
        Double length = floor.length();
        String imageName = floor.imageName();
        if (!floor.sized() || imageName == null) {
            Optional<CmxMapInfo> info = client.mapInfo(floor.campus(), floor.building(), floor.name(), left(deadline));
            if (info.isPresent()) {
                CmxMapInfo m = info.get();
                if (!floor.sized() && m.dimension() != null) {
                    width = m.dimension().width();
                    length = m.dimension().length();
                }
                if (imageName == null && m.image() != null) {
                    imageName = m.image().imageName();
                }
            }
        }
        if (width == null || length == null || width <= 0 || length <= 0) {
            return Optional.empty();
        }
        Optional<byte[]> image = usable(imageName)
                ? client.imageSource(imageName, left(deadline))
                : client.floorImage(floor.campus(), floor.building(), floor.name(), left(deadline));
        double w = width;
        double l = length;
        return image.map(bytes -> new FloorPlan(bytes, w, l));
    }

    /** Whether an image name from CMX may go into a URL path (as one encoded segment). */
    static boolean usable(String imageName) {
        return imageName != null && IMAGE_NAME.matcher(imageName).matches() && !imageName.contains("..");
    }

    private static Duration left(long deadline) throws AdapterException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new AdapterException(CmxEnrichment.SOURCE, AdapterException.Kind.TIMEOUT,
                    "no time left for the floor image");
        }
        return Duration.ofNanos(nanos);
    }

    @Override
    public void close() {
        client.close();
    }
}
