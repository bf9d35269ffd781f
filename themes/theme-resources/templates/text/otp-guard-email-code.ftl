<#ftl output_format="plainText">
${msg(introKey!"otpGuardEmailIntro", realmName)}

    ${code}

${msg("otpGuardEmailValidity", codeLifetimeMinutes)}

${msg("otpGuardEmailNeverShare")}

${msg(notYouKey!"otpGuardEmailNotYou")}
