<#ftl output_format="plainText">
${msg("otpGuardNewDeviceIntro", otpGuardRealmName)}

${msg("otpGuardNewDeviceWhen")} ${signInTime}
${msg("otpGuardNewDeviceDevice")} ${device}
${msg("otpGuardNewDeviceIp")} ${ipAddress}

${msg("otpGuardNewDeviceWasMe")}

${msg("otpGuardNewDeviceNotMe")}
${notMeLink}

${msg("otpGuardNewDeviceLinkValidity", linkLifetimeDays)}
