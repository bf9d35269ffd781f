<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- the realm's email layout has no head; browsers and screen readers take the first title of the document -->
<title>${msg("otpGuardNewDeviceSubject", otpGuardRealmName)}</title>
<p>${msg("otpGuardNewDeviceIntro", otpGuardRealmName)}</p>
<table role="presentation">
<tr><td>${msg("otpGuardNewDeviceWhen")}</td><td>${signInTime}</td></tr>
<tr><td>${msg("otpGuardNewDeviceDevice")}</td><td>${device}</td></tr>
<tr><td>${msg("otpGuardNewDeviceIp")}</td><td>${ipAddress}</td></tr>
</table>
<p>${msg("otpGuardNewDeviceWasMe")}</p>
<p>${msg("otpGuardNewDeviceNotMe")}</p>
<p><a href="${notMeLink}">${msg("otpGuardNewDeviceNotMeLink")}</a></p>
<p>${msg("otpGuardNewDeviceLinkValidity", linkLifetimeDays)}</p>
</@layout.emailLayout>
