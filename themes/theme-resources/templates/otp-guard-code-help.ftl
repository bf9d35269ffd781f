<#--
  "Didn't get the code?" on every code page (issue 17), included by otp-guard-code.ftl inside its form section.
  Collapsed by default: <details>/<summary> opens without JavaScript and names itself by its summary.
  Password-reset pages read the same whether the account exists or not, so they name no destination and leave out
  the "not you" advice (the user is resetting). When code checks are paused nothing was sent: only the other way
  and the "not you" advice remain. The other way is Keycloak's own "try another way" button, which the layout
  renders below the form section: the advice points to it instead of rendering a second one.
-->
<#assign otpGuardHelpEmail = otpGuard.channel == "email" || otpGuard.channel == "any">
<#assign otpGuardHelpSms = otpGuard.channel == "sms" || otpGuard.channel == "any">
<details id="otp-guard-help" class="pf-v5-c-expandable-section pf-v5-u-mt-lg">
    <summary id="otp-guard-help-toggle" class="pf-v5-c-expandable-section__toggle">
        <span class="pf-v5-c-expandable-section__toggle-icon" aria-hidden="true"><i class="fas fa-angle-right"></i></span>
        <span class="pf-v5-c-expandable-section__toggle-text">${msg("otpGuardHelpTitle")}</span>
    </summary>
    <div class="pf-v5-c-expandable-section__content">
        <ul id="otp-guard-help-tips" class="pf-v5-c-list">
            <#if !otpGuard.checksPaused>
                <#if !otpGuard.reset>
                    <li id="otp-guard-help-destination">${msg("otpGuardHelpDestination." + otpGuard.channel, otpGuard.maskedDestination)}</li>
                </#if>
                <li id="otp-guard-help-wait">${msg("otpGuardHelpWait")}</li>
                <#if otpGuardHelpEmail>
                    <li id="otp-guard-help-spam">${msg("otpGuardHelpSpam")}</li>
                </#if>
                <#if otpGuardHelpSms>
                    <li id="otp-guard-help-blocked">${msg("otpGuardHelpBlocked")}</li>
                </#if>
                <#-- the countdown and the button are the resend form's; this only points to them -->
                <#if otpGuard.sendLimitReached>
                    <li id="otp-guard-help-resend">${msg("otpGuardHelpResendLimit")}</li>
                <#else>
                    <li id="otp-guard-help-resend">${msg("otpGuardHelpResend", msg("otpGuardResend"))}</li>
                </#if>
            </#if>
            <#if auth?has_content && auth.showTryAnotherWayLink()>
                <li id="otp-guard-help-other-way">${msg("otpGuardHelpOtherWay", msg("doTryAnotherWay"))}</li>
            </#if>
            <#if !otpGuard.reset>
                <li id="otp-guard-help-not-you">${msg("otpGuardHelpNotYou")}
                    <#if realm.resetPasswordAllowed><a id="otp-guard-help-change-password" href="${url.loginResetCredentialsUrl}">${msg("otpGuardHelpChangePassword")}</a><#else>${msg("otpGuardHelpChangePasswordSoon")}</#if></li>
            </#if>
        </ul>
    </div>
</details>
