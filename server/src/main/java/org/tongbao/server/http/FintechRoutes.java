package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.DimensionLabels;
import org.tongbao.kpi.registry.Enterprise;
import org.tongbao.kpi.registry.FintechRegistry;
import org.tongbao.kpi.registry.FintechSector;
import org.tongbao.kpi.registry.RegistrationResult;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * The fintech enterprise registry (the plan's 1,000 by 2025): list by cursor, counts by sector
 * and district, and registration by city administrators. A registration the registry refuses
 * (a unified social credit code with a wrong check character, a duplicate, a missing sector...)
 * is a problem document carrying the registry's own message; sending the same registration
 * again answers as the first time did. The registry is thread-safe, so these routes do not
 * need the ledger thread, except to learn the KPI platform's day.
 */
final class FintechRoutes {
    private static final Role[] READERS = {Role.CENTRAL_BANK, Role.CITY_ADMIN, Role.AUDITOR};

    private FintechRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.get("/v1/fintech-enterprises", ctx -> list(ctx, api), READERS);
        routes.get("/v1/fintech-enterprises/counts", ctx -> counts(ctx, api), READERS);
        routes.post("/v1/fintech-enterprises", ctx -> registerOne(ctx, api), Role.CITY_ADMIN);
    }

    private static void list(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("cursor", "limit"));
        final int limit = api.limit(ctx);
        final long from = api.cursor(ctx, 0);
        final List<Enterprise> all = api.ledger.kpi().registry().enterprises();
        final ObjectNode body = Json.object();
        final ArrayNode items = body.putArray("items");
        final long end = Math.min(all.size(), Math.max(0, from) + (long) limit);
        for (long i = Math.max(0, from); i < end; i++) {
            items.add(enterprise(all.get((int) i)));
        }
        if (end < all.size()) {
            body.put("nextCursor", ApiContext.encodeCursor(end));
        } else {
            body.putNull("nextCursor");
        }
        Json.write(ctx, 200, body);
    }

    private static void counts(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("asOf"));
        final LocalDate asOf = KpiRoutes.date(ctx, "asOf");
        final int day = asOf != null ? (int) asOf.toEpochDay()
                : api.ledger.read(ledger -> KpiRoutes.defaultDay(api, api.ledger.kpi()));
        final FintechRegistry registry = api.ledger.kpi().registry();
        final ObjectNode body = Json.object();
        body.put("asOf", LocalDate.ofEpochDay(day).toString());
        body.put("total", registry.count(day));
        final ArrayNode sectors = body.putArray("bySector");
        for (final Map.Entry<FintechSector, Long> entry : registry.bySector(day).entrySet()) {
            final ObjectNode item = sectors.addObject();
            item.put("sector", entry.getKey().name());
            item.put("label", entry.getKey().label());
            item.put("count", entry.getValue());
        }
        final ArrayNode districts = body.putArray("byDistrict");
        for (final Map.Entry<Integer, Long> entry : registry.byDistrict(day).entrySet()) {
            final ObjectNode item = districts.addObject();
            item.put("district", entry.getKey());
            item.put("label", DimensionLabels.label(Dimension.DISTRICT, entry.getKey()));
            item.put("count", entry.getValue());
        }
        Json.write(ctx, 200, body);
    }

    private static void registerOne(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final String name = body.optionalText("name");
        final String creditCode = body.optionalText("creditCode");
        final List<String> sectorNames = body.optionalTexts("sectors", FintechSector.values().length);
        final int district = body.optionalInt("district", 0);
        final String registeredText = body.optionalText("registered");
        body.done();
        final EnumSet<FintechSector> sectors = EnumSet.noneOf(FintechSector.class);
        for (final String sectorName : sectorNames) {
            final FintechSector sector = FintechSector.byName(sectorName);
            if (sector == null) {
                throw refused(422, "unknown-sector", "Unknown sector", "No sector '" + sectorName + "'; "
                        + RegistrationResult.SECTOR_REQUIRED.message() + ".", "sectors");
            }
            sectors.add(sector);
        }
        final LocalDate registered = registeredText != null ? date(registeredText)
                : LocalDate.ofEpochDay(ShanghaiCalendar.epochDay(api.ledger.nowMs()));
        final FintechRegistry registry = api.ledger.kpi().registry();
        final Enterprise earlier = creditCode == null ? null : registry.find(creditCode);
        if (earlier != null && name != null && earlier.name().equals(name.trim()) && earlier.sectors().equals(sectors)
                && earlier.district() == district && earlier.registered().equals(registered)) {
            ctx.header(ApiContext.REPLAYED, "true");
            Json.write(ctx, 201, enterprise(earlier));
            return;
        }
        final RegistrationResult result = registry.register(name, creditCode, sectors, district, registered);
        if (result != RegistrationResult.OK) {
            throw refused(result == RegistrationResult.DUPLICATE_CODE ? 409 : 422,
                    result.name().toLowerCase(Locale.ROOT).replace('_', '-'), title(result), result.message() + ".",
                    field(result));
        }
        SecurityLog.action(api.principal(ctx), "registers fintech enterprise " + registry.find(creditCode).creditCode());
        Json.write(ctx, 201, enterprise(registry.find(creditCode)));
    }

    private static LocalDate date(final String text) {
        try {
            return LocalDate.parse(text);
        } catch (final DateTimeParseException e) {
            throw Problem.of(400, "wrong-type", "Wrong type", "The field 'registered' must be a date, YYYY-MM-DD.",
                    "registered").exception();
        }
    }

    private static ProblemException refused(final int status, final String slug, final String title, final String detail,
                                            final String field) {
        return Problem.of(status, slug, title, detail, field).exception();
    }

    private static String title(final RegistrationResult result) {
        final String words = result.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The request field a refusal is about. */
    private static String field(final RegistrationResult result) {
        return switch (result) {
            case NAME_REQUIRED -> "name";
            case CODE_WRONG_LENGTH, CODE_INVALID_CHARACTER, CODE_CHECK_DIGIT_MISMATCH, DUPLICATE_CODE -> "creditCode";
            case SECTOR_REQUIRED -> "sectors";
            case DISTRICT_INVALID -> "district";
            case DATE_REQUIRED, OK -> "registered";
        };
    }

    private static ObjectNode enterprise(final Enterprise e) {
        final ObjectNode n = Json.object();
        n.put("name", e.name());
        n.put("creditCode", e.creditCode());
        final ArrayNode sectors = n.putArray("sectors");
        e.sectors().stream().sorted().forEach(sector -> sectors.add(sector.name()));
        n.put("district", e.district());
        n.put("districtLabel", DimensionLabels.label(Dimension.DISTRICT, e.district()));
        n.put("registered", e.registered().toString());
        return n;
    }
}
