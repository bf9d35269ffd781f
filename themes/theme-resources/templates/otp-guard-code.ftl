<#-- OTP Guard code entry page. Built on the realm's login theme layout (keycloak.v2 and themes extending it). -->
<#import "template.ftl" as layout>
<#-- a message without text (Keycloak forwards one to a post it already answered) must not reach the layout's ${message.summary} -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code') && (message.summary)?has_content; section>
    <#if section="show-username">
        <#-- Keycloak's username block labels a field id it does not render; this label names the read-only field -->
        <label for="kc-attempted-username" class="pf-v5-screen-reader"><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if></label>
    <#elseif section="header">
        ${msg(otpGuardTitleKey!("otpGuardTitle." + otpGuard.channel))}
    <#elseif section="form">
        <div id="otp-guard-code-page" class="${properties.kcFormGroupClass!}">
            <#if otpGuard.checksPaused>
                <#-- nothing was sent: the alert says why; no destination, no code field, no resend -->
            <#elseif otpGuard.reset>
                <#-- password reset: the same words whether the account exists or not, so no destination -->
                <#if otpGuard.codeLive>
                    <p id="otp-guard-destination">${msg("otpGuardResetSentTo." + otpGuard.channel, otpGuard.codeLength, otpGuard.resetFor)}</p>
                <#else>
                    <p id="otp-guard-destination">${msg("otpGuardResetDestination." + otpGuard.channel, otpGuard.resetFor)}</p>
                </#if>
            <#elseif otpGuard.sentElsewhere>
                <#-- the user switched to another address or number, and no code could go there yet -->
                <p id="otp-guard-destination">${msg("otpGuardNotSentYet." + otpGuard.channel, otpGuard.maskedDestination, otpGuard.lastSentTo)}</p>
            <#elseif otpGuard.codeLive>
                <p id="otp-guard-destination">${msg("otpGuardSentTo." + otpGuard.channel, otpGuard.codeLength, otpGuard.maskedDestination)}</p>
            <#else>
                <p id="otp-guard-destination">${msg("otpGuardDestination." + otpGuard.channel, otpGuard.maskedDestination)}</p>
            </#if>
            <#if otpGuard.deliveryFollowed>
                <#-- where the code is; the script asks for news, the button does the same without it -->
                <div id="otp-guard-delivery" data-status="${otpGuard.deliveryStatus}" data-status-url="${otpGuard.deliveryStatusUrl}"
                     data-last-statuses="${otpGuard.deliveryLastStatuses}" data-lifetime-seconds="${otpGuard.lifetimeSeconds?c}"
                     <#list otpGuard.deliveryStatusKeys as wire, key>data-text-${wire}="${msg(key)}" </#list>>
                    <p id="otp-guard-delivery-status" aria-live="polite">${msg(otpGuard.deliveryStatusKeys[otpGuard.deliveryStatus])}</p>
                </div>
            </#if>
        </div>
        <#if !otpGuard.checksPaused>
        <form id="otp-guard-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="code" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("otpGuardCodeLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('code')>${properties.kcError!}</#if>">
                    <input id="code" name="code" type="text" value=""
                           autocomplete="one-time-code" inputmode="numeric" autocapitalize="off" spellcheck="false"
                           maxlength="64" autofocus
                           aria-describedby="otp-guard-code-help<#if messagesPerField.existsError('code')> input-error-code</#if>"
                           <#if messagesPerField.existsError('code')>aria-invalid="true"</#if>/>
                </span>
                <div id="input-error-container-code">
                    <#if messagesPerField.existsError('code')>
                        <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                            <div class="${properties.kcInputHelperTextClass!}">
                                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                    <span id="input-error-code" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('code'))?no_esc}</span>
                                </div>
                            </div>
                        </div>
                    </#if>
                </div>
                <p id="otp-guard-code-help" class="${properties.kcFormHelperTextClass!}">${msg("otpGuardCodeHelp", otpGuard.lifetimeMinutes)}</p>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="otp-guard-submit" name="login" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("otpGuardVerify")}</button>
                </div>
            </div>
        </form>
        </#if>
        <#if otpGuard.deliveryPending>
            <#-- below Confirm: the script hides it once the delivery is settled, which must not move the code field -->
            <form id="otp-guard-check-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <input type="hidden" name="check" value="true"/>
                <button id="otp-guard-check" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}">${msg("otpGuardCheckDelivery")}</button>
            </form>
        </#if>
        <#if !otpGuard.checksPaused>
        <form id="otp-guard-resend-form" class="${properties.kcFormClass!} pf-v5-u-mt-lg" action="${url.loginAction}" method="post">
            <input type="hidden" name="resend" value="true"/>
            <div class="${properties.kcFormGroupClass!}">
                <#if otpGuard.sendLimitReached>
                    <p id="otp-guard-resend-hint">${msg("otpGuardSendLimitHint")}</p>
                <#else>
                    <p id="otp-guard-resend-hint" aria-live="polite" data-wait-seconds="${otpGuard.resendWaitSeconds?c}"
                       data-template="${msg('otpGuardResendIn', '{0}')}" data-template-one="${msg('otpGuardResendInOne')}" data-ready="${msg('otpGuardResendReady')}"><#if otpGuard.resendWaitSeconds == 1>${msg("otpGuardResendInOne")}<#elseif otpGuard.resendWaitSeconds gt 0>${msg("otpGuardResendIn", otpGuard.resendWaitSeconds)}<#else>${msg("otpGuardResendReady")}</#if></p>
                    <button id="otp-guard-resend" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("otpGuardResend")}</button>
                    <#list otpGuard.alternatives as alternative>
                        <#-- the same cooldown and limits as a resend: the server refuses an early one and says why -->
                        <button id="otp-guard-resend-via-${alternative}" name="via" value="${alternative}" type="submit"
                                class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} pf-v5-u-mt-sm">${msg("otpGuardResendVia." + alternative)}</button>
                    </#list>
                </#if>
            </div>
        </form>
        </#if>
        <#if otpGuardChangeContact??>
            <form id="otp-guard-change-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <input type="hidden" name="change" value="true"/>
                <button id="otp-guard-change" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg(otpGuardChangeContact)}</button>
            </form>
        </#if>
        <#if isAppInitiatedAction??>
            <form id="otp-guard-cancel-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <button id="otp-guard-cancel" type="submit" name="cancel-aia" value="true" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("doCancel")}</button>
            </form>
        <#elseif !otpGuardChangeContact??>
            <div class="${properties.kcFormGroupClass!}">
                <a id="otp-guard-restart" href="${url.loginRestartFlowUrl}">${msg("otpGuardRestart")}</a>
            </div>
        </#if>
        <#include "otp-guard-code-help.ftl">
        <link rel="stylesheet" href="${url.resourcesPath}/css/otp-guard.css"/>
        <script src="${url.resourcesPath}/js/otp-guard-resend.js" defer></script>
        <#if otpGuard.deliveryPending><script src="${url.resourcesPath}/js/otp-guard-delivery.js" defer></script></#if>
    </#if>
</@layout.registrationLayout>
