package dev.otpguard.delivery;

import dev.otpguard.exchange.DeliveryTracker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * {@code /realms/{realm}/otp-guard/}: {@code POST twilio/status} takes Twilio's delivery status callbacks,
 * {@code GET delivery/{ticket}} tells the code page where its code is.
 */
public final class DeliveryResource implements RealmResourceProvider {

    private final KeycloakSession session;

    DeliveryResource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return this;
    }

    /** A status callback: 204 when taken, 403 when not Twilio's or not ours, 400/413 for a bad body. */
    @POST
    @Path("twilio/status")
    public Response twilioStatus(@HeaderParam("X-Twilio-Signature") String signature,
                                 @HeaderParam("Content-Length") String contentLength) {
        // Keycloak's decoded form: the server has read the body already (its limits bound it), a stream would be empty
        return new TwilioStatusCallback(session).receive(signature, length(contentLength),
                session.getContext().getHttpRequest().getDecodedFormParameters());
    }

    /**
     * Where the ticket's code is: {@code {"status":"delivered"}}. A ticket is 128 random bits only its login knows;
     * anything that does not look like one is answered 404 without a store lookup.
     */
    @GET
    @Path("delivery/{ticket}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("ticket") String ticket) {
        if (!DeliveryTracker.isTicket(ticket)) {
            return noStore(Response.status(Response.Status.NOT_FOUND).entity("{}"));
        }
        return new DeliveryTracker(session, session.getContext().getRealm().getId()).read(ticket)
                .map(report -> noStore(Response.ok("{\"status\":\"" + report.status().wire() + "\"}",
                        MediaType.APPLICATION_JSON_TYPE)))
                .orElseGet(() -> noStore(Response.status(Response.Status.NOT_FOUND).entity("{}")));
    }

    private static Response noStore(Response.ResponseBuilder response) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** The declared body length, or -1 when there is none (chunked) or it is not a number. */
    private static long length(String header) {
        if (header == null || header.isBlank() || header.length() > 19) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
    }
}
