<#-- OTP Guard: in a password reset, where the code should go (accounts with both an email address and a phone). -->
<#import "template.ftl" as layout>
<#-- a message without text (Keycloak forwards one to a post it already answered) must not reach the layout's ${message.summary} -->
<@layout.registrationLayout displayMessage=(message.summary)?has_content; section>
    <#if section="header">
        ${msg("otpGuardResetChoiceTitle")}
    <#elseif section="form">
        <form id="otp-guard-choice-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <fieldset class="${properties.kcFormGroupClass!}">
                <legend id="otp-guard-choice-intro">${msg("otpGuardResetChoiceIntro")}</legend>
                <#list otpGuardChoices as choice>
                    <div class="pf-v5-c-radio">
                        <input class="pf-v5-c-radio__input" type="radio" id="otp-guard-choice-${choice.channel}" name="channel"
                               value="${choice.channel}" <#if choice?is_first>checked</#if>/>
                        <label class="pf-v5-c-radio__label" for="otp-guard-choice-${choice.channel}">${msg("otpGuardResetChoice." + choice.channel, choice.maskedDestination)}</label>
                    </div>
                </#list>
            </fieldset>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="otp-guard-choice-submit" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardResetChoiceSubmit")}</button>
                </div>
            </div>
        </form>
        <div class="${properties.kcFormGroupClass!}">
            <a id="otp-guard-restart" href="${url.loginRestartFlowUrl}">${msg("otpGuardRestart")}</a>
        </div>
        <link rel="stylesheet" href="${url.resourcesPath}/css/otp-guard.css"/>
    </#if>
</@layout.registrationLayout>
