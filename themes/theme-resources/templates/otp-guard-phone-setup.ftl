<#-- OTP Guard: enter a phone number to receive sign-in codes by SMS. -->
<#import "template.ftl" as layout>
<#-- a message without text (Keycloak forwards one to a post it already answered) must not reach the layout's ${message.summary} -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('phone') && (message.summary)?has_content; section>
    <#if section="header">
        <#if otpGuardContactChange??>${msg("otpGuardPhoneChangeTitle")}<#else>${msg("otpGuardPhoneSetupTitle")}</#if>
    <#elseif section="form">
        <p id="otp-guard-phone-intro"><#if otpGuardContactChange?? && otpGuardCurrentPhone??>${msg("otpGuardPhoneChangeIntro")}<#elseif otpGuardContactChange??>${msg("otpGuardPhoneChangeIntroNone")}<#else>${msg("otpGuardPhoneSetupIntro")}</#if></p>
        <p id="otp-guard-phone-risk" class="${properties.kcFormHelperTextClass!}">${msg("otpGuardPhoneSetupRisk")}</p>
        <form id="otp-guard-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="country" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("otpGuardPhoneCountry")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} pf-m-select">
                    <select id="country" name="country" autocomplete="tel-country-code">
                        <#list otpGuardPhone.countries as country>
                            <option value="${country.code}" <#if country.selected>selected</#if>>${country.name} (+${country.callingCode?c})</option>
                        </#list>
                    </select>
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="phone" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("otpGuardPhoneLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('phone')>${properties.kcError!}</#if>">
                    <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" maxlength="64" autofocus<#if (otpGuardPhone.prefill)??> value="${otpGuardPhone.prefill}"</#if>
                           aria-describedby="otp-guard-phone-help<#if messagesPerField.existsError('phone')> input-error-phone</#if>"
                           <#if messagesPerField.existsError('phone')>aria-invalid="true"</#if>/>
                </span>
                <div id="input-error-container-phone">
                    <#if messagesPerField.existsError('phone')>
                        <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                            <div class="${properties.kcInputHelperTextClass!}">
                                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                    <span id="input-error-phone" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('phone'))?no_esc}</span>
                                </div>
                            </div>
                        </div>
                    </#if>
                </div>
                <p id="otp-guard-phone-help" class="${properties.kcFormHelperTextClass!}">${msg("otpGuardPhoneHelp")}</p>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="otp-guard-phone-submit" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardPhoneSend")}</button>
                </div>
            </div>
        </form>
        <#if isAppInitiatedAction??>
            <form id="otp-guard-cancel-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <button id="otp-guard-cancel" type="submit" name="cancel-aia" value="true" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("doCancel")}</button>
            </form>
        </#if>
        <#if otpGuardPhone.allowSkip && !otpGuardContactChange??>
            <form id="otp-guard-phone-skip-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <input type="hidden" name="skip" value="true"/>
                <button id="otp-guard-phone-skip" type="submit"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("otpGuardPhoneSkip")}</button>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
