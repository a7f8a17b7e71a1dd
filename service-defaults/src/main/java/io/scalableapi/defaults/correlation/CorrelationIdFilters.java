package io.scalableapi.defaults.correlation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Puts the correlation id into the logging context for the whole request and echoes it on the response. */
public class CorrelationIdFilters {

    static final String PROPERTY = CorrelationId.MDC_KEY;

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String id = CorrelationId.acceptOrCreate(request.getHeaderString(CorrelationId.HEADER));
        request.setProperty(PROPERTY, id);
        MDC.put(CorrelationId.MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(CorrelationId.HEADER, id);
        }
        MDC.remove(CorrelationId.MDC_KEY);
    }

    /** The id of the request being served, for error bodies and outgoing events. */
    public static String current(ContainerRequestContext request) {
        Object id = request == null ? null : request.getProperty(PROPERTY);
        if (id != null) {
            return id.toString();
        }
        Object fromMdc = MDC.get(CorrelationId.MDC_KEY);
        return fromMdc == null ? null : fromMdc.toString();
    }
}
