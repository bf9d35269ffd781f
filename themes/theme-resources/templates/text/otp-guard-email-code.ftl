<#ftl output_format="plainText">
${msg("otpGuardEmailIntro", realmName)}

    ${code}

${msg("otpGuardEmailValidity", codeLifetimeMinutes)}

${msg("otpGuardEmailNeverShare")}

${msg("otpGuardEmailNotYou")}
