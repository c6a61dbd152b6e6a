package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * CMX Location API v2 (Basic auth): clients by MAC, IP or user name, and the client count; and the maps API's floor
 * info and floor-plan images ({@link FloorPlans}), so a located host can be drawn on its floor. Every Acme host is
 * located on its floor ({@code Acme HQ>Building 1>Floor 3}); no match is a 204 with no body, as CMX answers.
 */
public final class CmxSimulator {
    static final String PREFIX = "/sim/cmx";
    private static final DateTimeFormatter CMX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    private final Company company;
    private final DemoCredentials creds;
    private final Clock clock;
    private final ObjectNode template;
    private final FloorPlans plans = new FloorPlans();

    /** Loads the client template (a copy of the CMX sandbox sample). */
    public CmxSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.clock = clock;
        try (InputStream in = getClass().getResourceAsStream("/sandbox/sim/cmx/client-template.json")) {
            this.template = (ObjectNode) Sim.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("CMX client template missing", e);
        }
    }

    /**
     * Registers the routes under {@code /sim/cmx}: the Location API's clients and count, and the maps API's floor info
     * and images (by image name and by floor names), which serve a floor plan drawn in code.
     */
    public void register(JavalinConfig config) {
        String maps = PREFIX + "/api/config/v1/maps";
        config.routes.get(maps + "/info/{campus}/{building}/{floor}", ctx -> authed(ctx, () -> mapInfo(ctx)));
        config.routes.get(maps + "/image/{campus}/{building}/{floor}", ctx -> authed(ctx, () -> floorImage(ctx)));
        config.routes.get(maps + "/imagesource/{imageName}", ctx -> authed(ctx, () -> imageSource(ctx)));
        String p = PREFIX + "/api/location/v2/clients";
        config.routes.get(p, ctx -> authed(ctx, () -> clients(ctx)));
        config.routes.get(p + "/count", ctx -> authed(ctx, () -> Sim.json(ctx, 200, Sim.obj()
                .putNull("deviceQueryString").put("deviceType", "CLIENT").put("count", wireless().size()))));
    }

    /** The floors the demo's hosts are on, by building and floor name. */
    private boolean knownFloor(String campus, String building, String floor) {
        return Company.CAMPUS.equals(campus) && company.hosts().stream()
                .anyMatch(h -> h.building().equals(building) && h.floor().equals(floor));
    }

    /** {@code maps/info/{campus}/{building}/{floor}}: the floor's size and image, 404 for a floor CMX does not know. */
    private void mapInfo(Context ctx) {
        String building = ctx.pathParam("building");
        String floor = ctx.pathParam("floor");
        if (!knownFloor(ctx.pathParam("campus"), building, floor)) {
            Sim.text(ctx, 404, "", "text/html");
            return;
        }
        ObjectNode info = Sim.obj().put("name", floor).put("isOutdoor", false);
        info.set("dimension", dimension());
        info.set("image", image(building, floor));
        Sim.json(ctx, 200, info);
    }

    private void floorImage(Context ctx) {
        String building = ctx.pathParam("building");
        String floor = ctx.pathParam("floor");
        if (!knownFloor(ctx.pathParam("campus"), building, floor)) {
            Sim.text(ctx, 404, "", "text/html");
            return;
        }
        png(ctx, plans.png(building, floor));
    }

    /** {@code maps/imagesource/{imageName}}: the plan of the floor whose image is so named. */
    private void imageSource(Context ctx) {
        String name = ctx.pathParam("imageName");
        company.hosts().stream().filter(h -> imageName(h.building(), h.floor()).equals(name)).findFirst()
                .ifPresentOrElse(h -> png(ctx, plans.png(h.building(), h.floor())),
                        () -> Sim.text(ctx, 404, "", "text/html"));
    }

    private static void png(Context ctx, byte[] png) {
        ctx.status(200).contentType("image/png").result(png);
    }

    private static ObjectNode dimension() {
        return Sim.obj().put("length", FloorPlans.LENGTH_FT).put("width", FloorPlans.WIDTH_FT).put("height", 10.0)
                .put("offsetX", 0).put("offsetY", 0).put("unit", "FEET");
    }

    private static ObjectNode image(String building, String floor) {
        return Sim.obj().put("imageName", imageName(building, floor)).put("zoomLevel", 4)
                .put("width", FloorPlans.WIDTH_PX).put("height", FloorPlans.HEIGHT_PX).put("size", FloorPlans.WIDTH_PX)
                .put("maxResolution", 8).put("colorDepth", 8);
    }

    static String imageName(String building, String floor) {
        return "acme_" + building.replace(' ', '_') + "_" + floor.replace(' ', '_') + ".png";
    }

    /** The clients CMX locates: the workstations on Wi-Fi; the servers are wired, so CMX never sees them. */
    private List<Company.Host> wireless() {
        return company.hosts().stream().filter(h -> !h.server()).toList();
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.basicOk(ctx, creds.cmxUser(), creds.cmxPassword())) {
            ctx.header("WWW-Authenticate", "Basic realm=\"CMX\"");
            Sim.text(ctx, 401, "", "text/html");
            return;
        }
        handler.run();
    }

    private void clients(Context ctx) {
        String mac = ctx.queryParam("macAddress");
        String ip = ctx.queryParam("ipAddress");
        String user = ctx.queryParam("username");
        Predicate<Company.Host> match;
        if (mac != null) {
            match = h -> h.mac().equalsIgnoreCase(mac.trim());
        } else if (ip != null) {
            match = h -> h.ip().equals(ip.trim());
        } else if (user != null) {
            String u = user.trim().toLowerCase(Locale.ROOT);
            match = h -> h.user().equalsIgnoreCase(u) || ("acme\\" + h.user()).equalsIgnoreCase(u);
        } else {
            match = h -> true;
        }
        List<Company.Host> hits = wireless().stream().filter(match).toList();
        if (hits.isEmpty()) {
            ctx.status(204);
            return;
        }
        ArrayNode out = Sim.arr();
        hits.forEach(h -> out.add(client(h)));
        Sim.json(ctx, 200, out);
    }

    /** A location for one host, built on the sample's shape. */
    ObjectNode client(Company.Host h) {
        ObjectNode c = template.deepCopy();
        String apMac = "00:2b:01:00:" + String.format("%02x", Math.abs(h.floor().hashCode()) % 256) + ":00";
        long now = clock.millis();
        c.put("macAddress", h.mac());
        ObjectNode map = (ObjectNode) c.get("mapInfo");
        map.put("mapHierarchyString", location(h));
        map.put("floorRefId", Long.toString(Math.abs((long) (h.building() + h.floor()).hashCode()) * 1000L + 7));
        map.set("floorDimension", dimension());
        map.set("image", image(h.building(), h.floor()));
        c.put("confidenceFactor", 12);
        ArrayNode tags = map.putArray("tagList");
        tags.add("Entrance").add("Kitchen");
        ObjectNode coord = (ObjectNode) c.get("mapCoordinate");
        coord.put("x", h.x()).put("y", h.y());
        ObjectNode stats = (ObjectNode) c.get("statistics");
        stats.put("currentServerTime", CMX_TIME.format(clock.instant()));
        stats.put("firstLocatedTime", CMX_TIME.format(clock.instant().minusSeconds(8 * 3600)));
        stats.put("lastLocatedTime", CMX_TIME.format(clock.instant().minusSeconds(4)));
        ((ObjectNode) stats.get("maxDetectedRssi")).put("apMacAddress", apMac);
        c.put("changedOn", now - 4000);
        c.putArray("ipAddress").add(h.ip());
        c.put("userName", h.user());
        c.put("ssId", "ACME-CORP");
        c.put("apMacAddress", apMac);
        c.put("manufacturer", h.os().startsWith("macOS") ? "Apple" : "Intel");
        c.put("detectingControllers", "10.10.1.100");
        return c;
    }

    /** The CMX hierarchy string of a host. */
    static String location(Company.Host h) {
        return Company.CAMPUS + ">" + h.building() + ">" + h.floor();
    }
}
