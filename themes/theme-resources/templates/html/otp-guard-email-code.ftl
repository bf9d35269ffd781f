<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(introKey!"otpGuardEmailIntro", realmName)}</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${code}</p>
<p>${msg("otpGuardEmailValidity", codeLifetimeMinutes)}</p>
<p>${msg("otpGuardEmailNeverShare")}</p>
<p>${msg(notYouKey!"otpGuardEmailNotYou")}</p>
</@layout.emailLayout>
