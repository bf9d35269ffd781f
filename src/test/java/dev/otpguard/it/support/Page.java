package dev.otpguard.it.support;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** One response the browser ended on: a Keycloak page, or a redirect back to the application. */
public record Page(String url, int status, Document document, String body) {

    public boolean isRedirectToApp() {
        return document == null && url.contains("code=");
    }

    public boolean isCodePage() {
        return document != null && document.getElementById("otp-guard-code-form") != null;
    }

    public String text() {
        return document == null ? "(redirect to " + url + ")" : document.body().text();
    }

    /** The error shown under the code field, or the page-level alert, or "" when none. */
    public String error() {
        if (document == null) {
            return "";
        }
        Element field = document.getElementById("input-error-code");
        if (field != null) {
            return field.text();
        }
        Element alert = document.selectFirst(".pf-v5-c-alert.pf-m-danger, .pf-v5-c-alert.pf-m-warning, .alert-error, .kc-feedback-text");
        return alert == null ? "" : alert.text();
    }

    public String info() {
        Element alert = document == null ? null : document.selectFirst(".pf-v5-c-alert.pf-m-info, .pf-v5-c-alert.pf-m-success, .alert-info, .alert-success");
        return alert == null ? "" : alert.text();
    }

    public String byId(String id) {
        Element element = document == null ? null : document.getElementById(id);
        return element == null ? "" : element.text();
    }
}
