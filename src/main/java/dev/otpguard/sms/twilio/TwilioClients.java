package dev.otpguard.sms.twilio;

import com.twilio.http.TwilioRestClient;

/** Builds the REST client both Twilio senders share the settings of. */
final class TwilioClients {

    private TwilioClients() {
    }

    static TwilioRestClient create(TwilioSettings settings) {
        return new TwilioRestClient.Builder(settings.username(), settings.password())
                .accountSid(settings.accountSid())
                .httpClient(new TwilioHttpClient(settings.apiBaseUrl(), settings.connectTimeout(), settings.readTimeout()))
                .build();
    }
}
