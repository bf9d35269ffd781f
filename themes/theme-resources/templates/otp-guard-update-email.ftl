<#-- OTP Guard: enter a new email address; it takes effect once a code sent to it comes back. -->
<#import "template.ftl" as layout>
<#-- a message without text (Keycloak forwards one to a post it already answered) must not reach the layout's ${message.summary} -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email') && (message.summary)?has_content; section>
    <#if section="header">
        ${msg("otpGuardEmailChangeTitle")}
    <#elseif section="form">
        <p id="otp-guard-email-intro"><#if otpGuardCurrentEmail??>${msg("otpGuardEmailChangeIntro", otpGuardCurrentEmail)}<#else>${msg("otpGuardEmailChangeIntroNone")}</#if></p>
        <form id="otp-guard-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="email" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("otpGuardEmailNewLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('email')>${properties.kcError!}</#if>">
                    <input id="email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="320" autofocus
                           spellcheck="false" autocapitalize="off"
                           <#if otpGuardCurrentEmail?? || messagesPerField.existsError('email')>aria-describedby="<#if otpGuardCurrentEmail??>otp-guard-email-help</#if><#if messagesPerField.existsError('email')> input-error-email</#if>"</#if>
                           <#if messagesPerField.existsError('email')>aria-invalid="true"</#if>/>
                </span>
                <div id="input-error-container-email">
                    <#if messagesPerField.existsError('email')>
                        <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                            <div class="${properties.kcInputHelperTextClass!}">
                                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                    <span id="input-error-email" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('email'))?no_esc}</span>
                                </div>
                            </div>
                        </div>
                    </#if>
                </div>
                <#-- only a current address is told about the change: promise nothing to a user who has none -->
                <#if otpGuardCurrentEmail??>
                    <p id="otp-guard-email-help" class="${properties.kcFormHelperTextClass!}">${msg("otpGuardEmailChangeHelp")}</p>
                </#if>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="otp-guard-email-submit" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardPhoneSend")}</button>
                </div>
            </div>
        </form>
        <#if isAppInitiatedAction??>
            <form id="otp-guard-cancel-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <button id="otp-guard-cancel" type="submit" name="cancel-aia" value="true" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("doCancel")}</button>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
