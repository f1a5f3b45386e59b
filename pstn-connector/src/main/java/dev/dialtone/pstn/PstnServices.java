package dev.dialtone.pstn;

import java.util.Objects;

/** What the connector needs from the platform. */
public record PstnServices(InboundRouter router, OutboundTrunks trunks, CallRecordSink records) {
    public PstnServices {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(trunks, "trunks");
        Objects.requireNonNull(records, "records");
    }
}
