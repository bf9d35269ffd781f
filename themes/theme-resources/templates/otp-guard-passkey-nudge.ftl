<#-- OTP Guard: after a sign-in with a code, one page offering a passkey (Keycloak's own registration) or "Not now". -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=(message.summary)?has_content; section>
    <#if section="header">
        ${msg("otpGuardPasskeyTitle")}
    <#elseif section="form">
        <form id="otp-guard-passkey-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <p id="otp-guard-passkey-intro">${msg("otpGuardPasskeyIntro")}</p>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="otp-guard-passkey-setup" type="submit" name="setup" value="1"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardPasskeySetup")}</button>
                    <button id="otp-guard-passkey-not-now" type="submit" name="notNow" value="1"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardPasskeyNotNow")}</button>
                </div>
            </div>
        </form>
        <link rel="stylesheet" href="${url.resourcesPath}/css/otp-guard.css"/>
    </#if>
</@layout.registrationLayout>
