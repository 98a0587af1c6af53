package io.iotgw.gateway.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.iotgw.gateway.observe.GatewayView.About;
import io.iotgw.gateway.observe.GatewayView.Broker;
import io.iotgw.gateway.observe.GatewayView.Device;
import io.iotgw.gateway.observe.GatewayView.SpoolStatus;
import io.iotgw.gateway.observe.GatewayView.Traffic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The JSON documents of the HTTP side and the stats message, field by field (snake_case, times
 * as UTC ISO-8601 with milliseconds, sizes in bytes, ages in seconds). Device-provided text is
 * written through Jackson, which escapes it. Stateless.
 */
final class StatusJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    /** One document's parts: a writer of fields into an open object. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private StatusJson() {
    }

    static byte[] object(Body body) {
        return document(json -> {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        });
    }

    static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    static String timestamp(long epochMillis) {
        return TS.format(Instant.ofEpochMilli(epochMillis));
    }

    static void gateway(JsonGenerator json, About about, boolean serving, long nowMillis) throws IOException {
        json.writeObjectFieldStart("gateway");
        json.writeStringField("version", about.version());
        json.writeStringField("id", about.gatewayId().orElse(null));
        json.writeStringField("started_at", timestamp(about.startedMillis()));
        json.writeNumberField("uptime_seconds", Math.max(0, nowMillis - about.startedMillis()) / 1000);
        json.writeBooleanField("serving", serving);
        json.writeObjectFieldStart("settings");
        for (Map.Entry<String, String> setting : new TreeMap<>(about.settings()).entrySet()) {
            json.writeStringField(setting.getKey(), setting.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    static void traffic(JsonGenerator json, Traffic t, long authFailures) throws IOException {
        json.writeObjectFieldStart("traffic");
        json.writeNumberField("devices_connected", t.devicesConnected());
        json.writeNumberField("connections_accepted", t.accepted());
        json.writeNumberField("connections_refused", t.refused());
        json.writeNumberField("connections_idle_closed", t.idleClosed());
        json.writeNumberField("connections_replaced", t.replaced());
        json.writeNumberField("lines_received", t.linesIn());
        json.writeNumberField("bytes_received", t.bytesIn());
        json.writeNumberField("bytes_sent", t.bytesOut());
        json.writeNumberField("overlong_lines", t.overlongLines());
        json.writeNumberField("echo_withheld_lines", t.echoWithheld());
        json.writeNumberField("auth_failures", authFailures);
        json.writeEndObject();
    }

    /** {@code "broker": {…}}, or {@code null} without the bridge. */
    static void broker(JsonGenerator json, Optional<Broker> broker) throws IOException {
        if (broker.isEmpty()) {
            json.writeNullField("broker");
            return;
        }
        Broker b = broker.get();
        json.writeObjectFieldStart("broker");
        json.writeBooleanField("connected", b.connected());
        json.writeStringField("uri", b.connectedUri().orElse(null));
        timeField(json, "connected_since", b.connectedSinceMillis());
        json.writeArrayFieldStart("uris");
        for (String uri : b.uris()) {
            json.writeString(uri);
        }
        json.writeEndArray();
        json.writeNumberField("reconnects", b.reconnects());
        json.writeNumberField("published_lines", b.published());
        json.writeNumberField("downlinks_delivered", b.downlinksDelivered());
        json.writeNumberField("downlinks_dropped", b.downlinksDropped());
        json.writeEndObject();
    }

    /** {@code "spool": {…}}, or {@code null} without the bridge. */
    static void spool(JsonGenerator json, Optional<SpoolStatus> spool, long nowMillis) throws IOException {
        if (spool.isEmpty()) {
            json.writeNullField("spool");
            return;
        }
        SpoolStatus s = spool.get();
        json.writeObjectFieldStart("spool");
        json.writeNumberField("bytes", s.bytes());
        json.writeNumberField("max_bytes", s.maxBytes());
        json.writeNumberField("backlog_lines", s.backlogLines());
        secondsField(json, "oldest_age_seconds", s.oldestMillis().isPresent()
                ? OptionalLong.of(Math.max(0, nowMillis - s.oldestMillis().getAsLong())) : OptionalLong.empty());
        json.writeNumberField("dropped_lines", s.droppedLines());
        json.writeEndObject();
    }

    static void devices(JsonGenerator json, List<Device> devices) throws IOException {
        json.writeStartArray();
        for (Device d : devices) {
            json.writeStartObject();
            json.writeStringField("id", d.id());
            json.writeStringField("named_by", d.helloNamed() ? "hello" : "address");
            json.writeStringField("remote", d.remote());
            json.writeStringField("connected_at", timestamp(d.connectedMillis()));
            json.writeNumberField("lines_in", d.linesIn());
            json.writeNumberField("lines_out", d.linesOut());
            json.writeNumberField("bytes_in", d.bytesIn());
            json.writeNumberField("bytes_out", d.bytesOut());
            timeField(json, "last_line_at", d.lastLineMillis());
            json.writeBooleanField("tls", d.tls());
            json.writeBooleanField("authenticated", d.authenticated());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static void health(JsonGenerator json, Health.Report report) throws IOException {
        json.writeStringField("status", report.status().name().toLowerCase(Locale.ROOT));
        json.writeStringField("reason", report.reason());
        json.writeBooleanField("serving", report.serving());
        json.writeStringField("broker", report.broker().orElse(null));
        json.writeNumberField("backlog_lines", report.backlogLines());
        secondsField(json, "oldest_backlog_age_seconds", report.oldestAgeMillis());
        json.writeNumberField("health_backlog_age_seconds", report.maxBacklogAge().toMillis() / 1000.0);
    }

    static void history(JsonGenerator json, History.Series series, boolean withPublished) throws IOException {
        json.writeObjectFieldStart("history");
        json.writeNumberField("step_seconds", 1);
        timeField(json, "end", series.endSecond() * 1000);
        json.writeFieldName("lines_received");
        json.writeArray(series.received(), 0, series.received().length);
        if (withPublished) {
            json.writeFieldName("lines_published");
            json.writeArray(series.published(), 0, series.published().length);
        }
        json.writeEndObject();
    }

    /** A time field, {@code null} for 0 (never). */
    private static void timeField(JsonGenerator json, String name, long epochMillis) throws IOException {
        json.writeStringField(name, epochMillis == 0 ? null : timestamp(epochMillis));
    }

    private static void secondsField(JsonGenerator json, String name, OptionalLong millis) throws IOException {
        if (millis.isPresent()) {
            json.writeNumberField(name, millis.getAsLong() / 1000.0);
        } else {
            json.writeNullField(name);
        }
    }
}
