package io.scalableapi.gateway.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The first handler an API request meets, ahead of every other route (CORS, the security layer, the request pipeline):
 * it takes a place in {@link AdmissionControl} or refuses the request at once with a 503 ({@link CapacityRefusal}).
 * Refusing before anything else runs keeps a refusal cheap, which is what keeps goodput up when far more arrives than a
 * replica can serve. The place is given back when the response ends or the connection goes, whichever route answered.
 */
@Singleton
public class AdmissionGate implements Handler<RoutingContext> {

    private final AdmissionControl admission;
    private final CapacityRefusal refusal;

    AdmissionGate(AdmissionControl admission, ObjectMapper mapper) {
        this.admission = admission;
        this.refusal = new CapacityRefusal(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!admission.tryAdmit()) {
            refusal.send(ctx);
            return;
        }
        ctx.addEndHandler(new Release());
        ctx.next();
    }

    /** Gives the place back once, however many times the routing context reports its end. */
    private final class Release implements Handler<io.vertx.core.AsyncResult<Void>> {
        private boolean released;

        @Override
        public void handle(io.vertx.core.AsyncResult<Void> done) {
            if (!released) {
                released = true;
                admission.release();
            }
        }
    }
}
