<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- the realm's email layout has no head; browsers and screen readers take the first title of the document -->
<title>${msg("otpGuardContactChangedSubject." + contactKind, otpGuardRealmName)}</title>
<p>${msg("otpGuardContactChangedIntro." + contactKind, otpGuardRealmName, previousContact, newContact)}</p>
<table role="presentation">
<tr><td>${msg("otpGuardNewDeviceWhen")}</td><td>${changeTime}</td></tr>
<#if changeSource == "admin">
<tr><td>${msg("otpGuardContactChangedBy")}</td><td>${msg("otpGuardContactChangedByAdmin")}</td></tr>
</#if>
<#if device??>
<tr><td>${msg("otpGuardNewDeviceDevice")}</td><td>${device}</td></tr>
</#if>
<#if ipAddress??>
<tr><td>${msg("otpGuardNewDeviceIp")}</td><td>${ipAddress}</td></tr>
</#if>
</table>
<p>${msg("otpGuardContactChangedWasMe")}</p>
<#if revertLink??>
<p>${msg("otpGuardContactChangedNotMe." + contactKind)}</p>
<p><a href="${revertLink}">${msg("otpGuardContactChangedNotMeLink")}</a></p>
<p>${msg("otpGuardNewDeviceLinkValidity", linkLifetimeDays)}</p>
<#else>
<p>${msg("otpGuardContactChangedAskAdmin")}</p>
</#if>
</@layout.emailLayout>
