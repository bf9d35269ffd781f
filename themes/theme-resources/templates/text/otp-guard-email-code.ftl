<#ftl output_format="plainText">
${msg(introKey!"otpGuardEmailIntro", otpGuardRealmName)}

    ${code}

${msg("otpGuardEmailValidity", codeLifetimeMinutes)}

${msg("otpGuardEmailNeverShare")}

${msg(notYouKey!"otpGuardEmailNotYou")}
<#if notMeLink??>

${msg("otpGuardEmailNotMe")}
${msg("otpGuardEmailNotMeLink")}
${notMeLink}

${msg("otpGuardEmailNotMeLinkValidity", notMeLinkLifetimeHours)}
</#if>
