<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- the realm's email layout has no head; browsers and screen readers take the first title of the document -->
<title>${msg(subjectKey!"otpGuardEmailSubject", otpGuardRealmName)}</title>
<p>${msg(introKey!"otpGuardEmailIntro", otpGuardRealmName)}</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${code}</p>
<p>${msg("otpGuardEmailValidity", codeLifetimeMinutes)}</p>
<p>${msg("otpGuardEmailNeverShare")}</p>
<p>${msg(notYouKey!"otpGuardEmailNotYou")}</p>
<#if notMeLink??>
<p>${msg("otpGuardEmailNotMe")}</p>
<p><a href="${notMeLink}">${msg("otpGuardEmailNotMeLink")}</a></p>
<p>${msg("otpGuardEmailNotMeLinkValidity", notMeLinkLifetimeHours)}</p>
</#if>
</@layout.emailLayout>
