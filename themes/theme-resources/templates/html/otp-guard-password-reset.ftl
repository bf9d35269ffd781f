<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- the realm's email layout has no head; browsers and screen readers take the first title of the document -->
<title>${msg("otpGuardResetNoticeSubject", otpGuardRealmName)}</title>
<p>${msg("otpGuardResetNoticeIntro." + usedChannel, otpGuardRealmName, usedDestination)}</p>
<table role="presentation">
<tr><td>${msg("otpGuardNewDeviceWhen")}</td><td>${resetTime}</td></tr>
<tr><td>${msg("otpGuardNewDeviceDevice")}</td><td>${device}</td></tr>
<tr><td>${msg("otpGuardNewDeviceIp")}</td><td>${ipAddress}</td></tr>
</table>
<p>${msg("otpGuardResetNoticeWasMe")}</p>
<p>${msg("otpGuardResetNoticeNotMe." + usedChannel)}</p>
</@layout.emailLayout>
