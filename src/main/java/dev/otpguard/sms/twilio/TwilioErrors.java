package dev.otpguard.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import dev.otpguard.sms.SmsException;
import java.util.Set;

/** Turns Twilio's errors into {@link SmsException}s without copying Twilio's text (it can quote the number). */
final class TwilioErrors {

    /** Twilio error codes that mean "this number cannot get an SMS". */
    private static final Set<Integer> NUMBER_ERRORS = Set.of(21211, 21214, 21217, 21219, 21408, 21610, 21612, 21614,
            60200, 60205, 60410);

    private TwilioErrors() {
    }

    static SmsException translate(TwilioException e, String action) {
        if (e instanceof ApiConnectionException) {
            return new SmsException(SmsException.Reason.UNAVAILABLE, action + ": no answer from Twilio ("
                    + (e.getCause() == null ? "connection" : e.getCause().getClass().getSimpleName()) + ")");
        }
        if (e instanceof ApiException api) {
            Integer status = api.getStatusCode();
            Integer code = api.getCode();
            String where = action + ": Twilio answered HTTP " + status + (code == null ? "" : ", error " + code);
            if (code != null && NUMBER_ERRORS.contains(code)) {
                return new SmsException(SmsException.Reason.INVALID_NUMBER, where);
            }
            if (status != null && (status == 401 || status == 403)) {
                return new SmsException(SmsException.Reason.NOT_CONFIGURED, where + " (check the credentials)");
            }
            if (status != null && status == 429) {
                return new SmsException(SmsException.Reason.RATE_LIMITED, where);
            }
            return new SmsException(SmsException.Reason.UNAVAILABLE, where);
        }
        return new SmsException(SmsException.Reason.UNAVAILABLE, action + ": " + e.getClass().getSimpleName());
    }
}
