package dev.dialtone.scenario.internal;

import java.util.Map;

import io.vertx.core.json.JsonObject;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.CallLeg;

/** Turns call events and call facts into the JSON events the JavaScript half of the API reads. */
final class EventJson {
    private EventJson() {
    }

    static JsonObject call(String jsId, CallLeg leg) {
        CallInfo i = leg.info();
        return new JsonObject()
                .put("id", jsId)
                .put("callerid", i.callerId())
                .put("displayName", i.displayName())
                .put("number", i.destination())
                .put("incoming", i.incoming())
                .put("clientType", i.clientType().scenarioName())
                .put("headers", headers(i.headers()))
                .put("state", leg.state().name());
    }

    static JsonObject headers(Map<String, String> h) {
        JsonObject o = new JsonObject();
        h.forEach(o::put);
        return o;
    }

    /** The {@code CallEvents.X} suffix of an event. */
    static String name(CallEvent e) {
        return switch (e) {
            case CallEvent.Ringing r -> "Ringing";
            case CallEvent.Connected c -> "Connected";
            case CallEvent.Disconnected d -> "Disconnected";
            case CallEvent.Failed f -> "Failed";
            case CallEvent.ToneReceived t -> "ToneReceived";
            case CallEvent.MessageReceived m -> "MessageReceived";
            case CallEvent.InfoReceived i -> "InfoReceived";
            case CallEvent.OnHold h -> "OnHold";
            case CallEvent.OffHold h -> "OffHold";
            case CallEvent.AudioStarted a -> "AudioStarted";
            case CallEvent.FirstAudioPacketReceived f -> "FirstAudioPacketReceived";
            case CallEvent.RtpStopped r -> "RtpStopped";
            case CallEvent.RtpResumed r -> "RtpResumed";
        };
    }

    static JsonObject callEvent(String jsId, CallLeg leg, CallEvent e) {
        JsonObject fields = new JsonObject();
        switch (e) {
            case CallEvent.Ringing r -> fields.put("headers", headers(r.headers()));
            case CallEvent.Connected c -> fields.put("headers", headers(c.headers()));
            case CallEvent.Disconnected d -> fields.put("headers", headers(d.headers())).put("reason", d.reason())
                    .put("internalCode", d.sipCode()).put("byRemote", d.byRemote());
            case CallEvent.Failed f -> fields.put("code", f.code()).put("reason", f.reason()).put("headers", headers(f.headers()));
            case CallEvent.ToneReceived t -> fields.put("tone", String.valueOf(t.tone()));
            case CallEvent.MessageReceived m -> fields.put("text", m.text()).put("headers", headers(m.headers()));
            case CallEvent.InfoReceived i -> fields.put("mimeType", i.mimeType()).put("body", i.body())
                    .put("headers", headers(i.headers()));
            default -> { }
        }
        return callEvent(jsId, leg, name(e), fields);
    }

    static JsonObject callEvent(String jsId, CallLeg leg, String event, JsonObject fields) {
        return new JsonObject().put("t", "call").put("id", jsId).put("event", event)
                .put("state", leg.state().name()).put("fields", fields);
    }
}
