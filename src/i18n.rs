//! Customer-facing texts. Status and error messages are keyed by checkout-core's
//! [`MessageKey`], card-field errors by the keys of [`checkout_core::card::MESSAGES`], and the
//! widget's own labels by [`Label`]. A language without a text falls back to English, so a
//! missing translation never shows a blank.
//!
//! Languages: English, French, Spanish, German, Portuguese (Brazilian) and Arabic (Modern
//! Standard Arabic, right to left). Customers are addressed formally (vous, usted, Sie, você);
//! Arabic uses impersonal "يُرجى" requests so the texts are not gendered.

use checkout_core::card;
use checkout_core::MessageKey;

/// Languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
    /// Portuguese (Brazilian).
    Pt,
    /// Arabic (Modern Standard Arabic), written right to left.
    Ar,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Pt, Lang::Ar];

    /// Picks the language for a BCP 47 tag (or a POSIX-style `pt_BR`) by its primary subtag,
    /// ignoring case; English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        let primary = locale.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .iter()
            .copied()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
            .unwrap_or(Lang::En)
    }

    /// The ISO 639-1 code, e.g. `"fr"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
        }
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }
}

/// The widget's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Heading of the items list.
    Items,
    /// "Subtotal".
    Subtotal,
    /// "Tax".
    Tax,
    /// "Shipping".
    Shipping,
    /// "Total".
    Total,
    /// Quantity prefix, as in "× 2".
    Quantity,
    /// "Discount".
    Discount,
    /// Loading the invoice.
    Loading,
    /// A payment is being processed.
    Processing,
    /// Pay button, followed by the formatted total.
    Pay,
    /// Retry button.
    TryAgain,
    /// The items, tax and shipping do not add up to the total.
    DoesNotReconcile,
    /// Transaction reference label.
    Reference,
    /// The invoice could not be found.
    InvoiceNotFound,
    /// The checkout service is unreachable.
    ServiceUnavailable,
    /// The invoice could not be read.
    InvoiceUnreadable,
    /// No payment method was configured on the page.
    NoPaymentSource,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: &'static [Label] = &[
        Label::Items,
        Label::Subtotal,
        Label::Tax,
        Label::Shipping,
        Label::Total,
        Label::Quantity,
        Label::Discount,
        Label::Loading,
        Label::Processing,
        Label::Pay,
        Label::TryAgain,
        Label::DoesNotReconcile,
        Label::Reference,
        Label::InvoiceNotFound,
        Label::ServiceUnavailable,
        Label::InvoiceUnreadable,
        Label::NoPaymentSource,
    ];
}

/// The text of a status or error message; English when the language has none for `key`.
pub fn message(lang: Lang, key: MessageKey) -> &'static str {
    message_text(lang, key).unwrap_or_else(|| key.english())
}

/// The translation of `key`; `None` for English and for keys the language lacks (a key added
/// to core after these tables were written).
fn message_text(lang: Lang, key: MessageKey) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Fr => message_fr(key),
        Lang::Es => message_es(key),
        Lang::De => message_de(key),
        Lang::Pt => message_pt(key),
        Lang::Ar => message_ar(key),
    }
}

/// The text of a card-field error key (see [`checkout_core::card::CardError::message_key`]).
/// Falls back to the English text of the key, then to the language's generic
/// "check your card details".
pub fn card_message(lang: Lang, key: &str) -> &'static str {
    card_text(lang, key)
        .or_else(|| {
            card::MESSAGES
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, text)| *text)
        })
        .or_else(|| card_text(lang, "card.invalid"))
        .unwrap_or("Please check your card details.")
}

/// The text of a label.
pub fn label(lang: Lang, label: Label) -> &'static str {
    match lang {
        Lang::En => label_en(label),
        Lang::Fr => label_fr(label),
        Lang::Es => label_es(label),
        Lang::De => label_de(label),
        Lang::Pt => label_pt(label),
        Lang::Ar => label_ar(label),
    }
}

// French: "vous"; typographic apostrophe; no-break space before ! ? : ;

#[allow(
    unreachable_patterns,
    reason = "the wildcard keeps a key added to core later falling back to English"
)]
fn message_fr(key: MessageKey) -> Option<&'static str> {
    use MessageKey as K;
    Some(match key {
        K::StatusWaiting => "En attente de votre paiement.",
        K::StatusPending => "Votre paiement est en cours de confirmation.",
        K::StatusAuthorized => "Votre paiement a été accepté.",
        K::StatusPendingCapture => "Votre paiement a été accepté et est en cours de finalisation.",
        K::StatusCompleted => "Paiement effectué. Merci\u{a0}!",
        K::StatusFailed => "Votre paiement n’a pas abouti.",
        K::StatusVoided => "Ce paiement a été annulé. Aucun montant ne vous a été débité.",
        K::StatusRefunded => "Ce paiement a été remboursé.",
        K::StatusInReview => {
            "Votre paiement est en cours de vérification. Nous vous informerons du résultat."
        }
        K::StatusBlocked => "Votre paiement n’a pas pu être finalisé.",
        K::StatusRetrievalRequest => "Votre banque a demandé des informations sur ce paiement.",
        K::StatusFraudNotification => "Votre banque a signalé ce paiement pour vérification.",
        K::StatusChargebackInitiated => "Ce paiement fait l’objet d’une contestation.",
        K::StatusSolved => "La contestation de ce paiement a été résolue.",
        K::StatusReversed => "Ce paiement a été annulé par votre banque.",
        K::StatusUnknown => "Nous n’avons pas encore pu confirmer l’état de votre paiement.",
        K::ErrorCardDeclined => "Votre carte a été refusée. Veuillez utiliser une autre carte.",
        K::ErrorContactBank => {
            "Votre banque a refusé ce paiement. Veuillez contacter votre banque ou utiliser une autre carte."
        }
        K::ErrorCardNoMoney => {
            "Le solde de votre carte est insuffisant. Veuillez utiliser une autre carte."
        }
        K::ErrorCardExpired => "Votre carte a expiré. Veuillez utiliser une autre carte.",
        K::ErrorCardCvc => {
            "Le code de sécurité (CVC) est incorrect. Veuillez le vérifier et réessayer."
        }
        K::ErrorCardAddress => {
            "L’adresse de facturation ne correspond pas à votre carte. Veuillez la vérifier et réessayer."
        }
        K::ErrorCardDetailsInvalid => {
            "Certaines informations de votre carte sont incorrectes. Veuillez les vérifier et réessayer."
        }
        K::ErrorCardNotSupported => {
            "Cette carte ne peut pas être utilisée pour ce paiement. Veuillez utiliser une autre carte."
        }
        K::ErrorCardAuthenticationFailed => {
            "Votre banque n’a pas pu vérifier ce paiement. Veuillez réessayer ou utiliser une autre carte."
        }
        K::ErrorCardNeedsAuthentication => {
            "Votre banque vous demande de confirmer ce paiement. Veuillez réessayer."
        }
        K::ErrorCardLimitExceeded => {
            "Ce paiement dépasse les plafonds de votre carte. Veuillez utiliser une autre carte ou contacter votre banque."
        }
        K::ErrorIssuerUnavailable => {
            "Impossible de joindre votre banque. Veuillez réessayer dans quelques minutes ou utiliser une autre carte."
        }
        K::ErrorPleaseRetry => "Le paiement n’a pas pu être traité. Veuillez réessayer.",
        K::ErrorTooManyAttempts => {
            "Trop de tentatives avec cette carte. Veuillez utiliser une autre carte."
        }
        K::ErrorDuplicatePayment => {
            "Ce paiement ressemble à un paiement que vous avez déjà effectué. Veuillez vérifier avant de payer à nouveau."
        }
        K::ErrorPaymentDeclined => {
            "Le paiement a été refusé. Veuillez essayer une autre carte ou un autre moyen de paiement."
        }
        K::ErrorPaymentTimeout => {
            "Votre paiement prend plus de temps que prévu. Nous le vérifions\u{a0}: veuillez ne pas payer à nouveau."
        }
        K::ErrorServiceUnavailable => {
            "Les paiements sont temporairement indisponibles. Veuillez réessayer dans un instant."
        }
        K::ErrorNetwork => {
            "Impossible de joindre le service de paiement. Veuillez vérifier votre connexion et réessayer."
        }
        K::ErrorStillProcessing => {
            "Votre paiement est toujours en cours de traitement. Veuillez patienter."
        }
        K::ErrorRateLimited => {
            "Trop de tentatives. Veuillez patienter un instant, puis réessayer."
        }
        K::ErrorCardAlreadyUsed => "Veuillez saisir à nouveau les informations de votre carte.",
        K::ErrorInvalidDetails => {
            "Certaines informations ne sont pas valides. Veuillez les vérifier et réessayer."
        }
        K::ErrorCheckoutUnavailable => {
            "Cette page de paiement ne peut pas accepter de paiements pour le moment. Veuillez contacter le commerçant."
        }
        K::ErrorInvoiceNotFound => "Cette commande est introuvable. Elle a peut-être expiré.",
        K::ErrorTransactionNotFound => "Nous n’avons pas trouvé ce paiement.",
        K::ErrorCustomerCanceled => {
            "Vous avez annulé le paiement. Aucun montant ne vous a été débité."
        }
        _ => return None,
    })
}

// Spanish: "usted", neutral wording; "caducado/caducidad" for expiry.

#[allow(
    unreachable_patterns,
    reason = "the wildcard keeps a key added to core later falling back to English"
)]
fn message_es(key: MessageKey) -> Option<&'static str> {
    use MessageKey as K;
    Some(match key {
        K::StatusWaiting => "Esperando su pago.",
        K::StatusPending => "Su pago se está confirmando.",
        K::StatusAuthorized => "Su pago ha sido aceptado.",
        K::StatusPendingCapture => "Su pago ha sido aceptado y se está completando.",
        K::StatusCompleted => "Pago completado. ¡Gracias!",
        K::StatusFailed => "Su pago no se ha realizado.",
        K::StatusVoided => "Este pago ha sido cancelado. No se le ha cobrado nada.",
        K::StatusRefunded => "Este pago ha sido reembolsado.",
        K::StatusInReview => "Su pago está en revisión. Le informaremos del resultado.",
        K::StatusBlocked => "No se ha podido completar su pago.",
        K::StatusRetrievalRequest => "Su banco ha solicitado información sobre este pago.",
        K::StatusFraudNotification => "Su banco ha marcado este pago para revisarlo.",
        K::StatusChargebackInitiated => "Este pago está en disputa.",
        K::StatusSolved => "La disputa sobre este pago se ha resuelto.",
        K::StatusReversed => "Su banco ha revertido este pago.",
        K::StatusUnknown => "Todavía no hemos podido confirmar el estado de su pago.",
        K::ErrorCardDeclined => "Su tarjeta ha sido rechazada. Utilice otra tarjeta.",
        K::ErrorContactBank => {
            "Su banco ha rechazado este pago. Póngase en contacto con su banco o utilice otra tarjeta."
        }
        K::ErrorCardNoMoney => "Su tarjeta no tiene fondos suficientes. Utilice otra tarjeta.",
        K::ErrorCardExpired => "Su tarjeta ha caducado. Utilice otra tarjeta.",
        K::ErrorCardCvc => {
            "El código de seguridad (CVC) es incorrecto. Revíselo e inténtelo de nuevo."
        }
        K::ErrorCardAddress => {
            "La dirección de facturación no coincide con la de su tarjeta. Revísela e inténtelo de nuevo."
        }
        K::ErrorCardDetailsInvalid => {
            "Algunos datos de la tarjeta son incorrectos. Revíselos e inténtelo de nuevo."
        }
        K::ErrorCardNotSupported => {
            "Esta tarjeta no se puede usar para este pago. Utilice otra tarjeta."
        }
        K::ErrorCardAuthenticationFailed => {
            "Su banco no ha podido verificar este pago. Inténtelo de nuevo o utilice otra tarjeta."
        }
        K::ErrorCardNeedsAuthentication => {
            "Su banco necesita que confirme este pago. Inténtelo de nuevo."
        }
        K::ErrorCardLimitExceeded => {
            "Este pago supera los límites de su tarjeta. Utilice otra tarjeta o póngase en contacto con su banco."
        }
        K::ErrorIssuerUnavailable => {
            "No se ha podido contactar con su banco. Inténtelo de nuevo en unos minutos o utilice otra tarjeta."
        }
        K::ErrorPleaseRetry => "No se ha podido procesar el pago. Inténtelo de nuevo.",
        K::ErrorTooManyAttempts => "Demasiados intentos con esta tarjeta. Utilice otra tarjeta.",
        K::ErrorDuplicatePayment => {
            "Este pago parece igual a uno que ya ha realizado. Compruébelo antes de volver a pagar."
        }
        K::ErrorPaymentDeclined => {
            "El pago ha sido rechazado. Pruebe con otra tarjeta u otro método de pago."
        }
        K::ErrorPaymentTimeout => {
            "Su pago está tardando más de lo previsto. Lo estamos comprobando: no vuelva a pagar."
        }
        K::ErrorServiceUnavailable => {
            "Los pagos no están disponibles temporalmente. Inténtelo de nuevo en un momento."
        }
        K::ErrorNetwork => {
            "No hemos podido conectar con el servicio de pago. Compruebe su conexión e inténtelo de nuevo."
        }
        K::ErrorStillProcessing => "Su pago todavía se está procesando. Espere, por favor.",
        K::ErrorRateLimited => "Demasiados intentos. Espere un momento e inténtelo de nuevo.",
        K::ErrorCardAlreadyUsed => "Vuelva a introducir los datos de su tarjeta.",
        K::ErrorInvalidDetails => {
            "Algunos datos no son válidos. Revíselos e inténtelo de nuevo."
        }
        K::ErrorCheckoutUnavailable => {
            "Esta página de pago no puede aceptar pagos en este momento. Póngase en contacto con el comercio."
        }
        K::ErrorInvoiceNotFound => {
            "No se ha encontrado este pedido. Es posible que haya caducado."
        }
        K::ErrorTransactionNotFound => "No hemos encontrado este pago.",
        K::ErrorCustomerCanceled => "Ha cancelado el pago. No se le ha cobrado nada.",
        _ => return None,
    })
}

// German: "Sie".

#[allow(
    unreachable_patterns,
    reason = "the wildcard keeps a key added to core later falling back to English"
)]
fn message_de(key: MessageKey) -> Option<&'static str> {
    use MessageKey as K;
    Some(match key {
        K::StatusWaiting => "Wir warten auf Ihre Zahlung.",
        K::StatusPending => "Ihre Zahlung wird bestätigt.",
        K::StatusAuthorized => "Ihre Zahlung wurde akzeptiert.",
        K::StatusPendingCapture => "Ihre Zahlung wurde akzeptiert und wird abgeschlossen.",
        K::StatusCompleted => "Zahlung abgeschlossen. Vielen Dank!",
        K::StatusFailed => "Ihre Zahlung ist fehlgeschlagen.",
        K::StatusVoided => "Diese Zahlung wurde storniert. Ihnen wurde nichts berechnet.",
        K::StatusRefunded => "Diese Zahlung wurde erstattet.",
        K::StatusInReview => {
            "Ihre Zahlung wird geprüft. Sie werden über das Ergebnis informiert."
        }
        K::StatusBlocked => "Ihre Zahlung konnte nicht abgeschlossen werden.",
        K::StatusRetrievalRequest => "Ihre Bank hat Informationen zu dieser Zahlung angefordert.",
        K::StatusFraudNotification => "Ihre Bank hat diese Zahlung zur Überprüfung markiert.",
        K::StatusChargebackInitiated => "Diese Zahlung wird angefochten.",
        K::StatusSolved => "Der Streitfall zu dieser Zahlung wurde beigelegt.",
        K::StatusReversed => "Diese Zahlung wurde von Ihrer Bank rückgängig gemacht.",
        K::StatusUnknown => "Wir konnten den Status Ihrer Zahlung noch nicht bestätigen.",
        K::ErrorCardDeclined => {
            "Ihre Karte wurde abgelehnt. Bitte verwenden Sie eine andere Karte."
        }
        K::ErrorContactBank => {
            "Ihre Bank hat diese Zahlung abgelehnt. Bitte wenden Sie sich an Ihre Bank oder verwenden Sie eine andere Karte."
        }
        K::ErrorCardNoMoney => {
            "Ihre Karte ist nicht ausreichend gedeckt. Bitte verwenden Sie eine andere Karte."
        }
        K::ErrorCardExpired => "Ihre Karte ist abgelaufen. Bitte verwenden Sie eine andere Karte.",
        K::ErrorCardCvc => {
            "Der Sicherheitscode (CVC) ist falsch. Bitte prüfen Sie ihn und versuchen Sie es erneut."
        }
        K::ErrorCardAddress => {
            "Die Rechnungsadresse stimmt nicht mit Ihrer Karte überein. Bitte prüfen Sie sie und versuchen Sie es erneut."
        }
        K::ErrorCardDetailsInvalid => {
            "Einige Kartendaten sind falsch. Bitte prüfen Sie sie und versuchen Sie es erneut."
        }
        K::ErrorCardNotSupported => {
            "Diese Karte kann für diese Zahlung nicht verwendet werden. Bitte verwenden Sie eine andere Karte."
        }
        K::ErrorCardAuthenticationFailed => {
            "Ihre Bank konnte diese Zahlung nicht verifizieren. Bitte versuchen Sie es erneut oder verwenden Sie eine andere Karte."
        }
        K::ErrorCardNeedsAuthentication => {
            "Ihre Bank verlangt, dass Sie diese Zahlung bestätigen. Bitte versuchen Sie es erneut."
        }
        K::ErrorCardLimitExceeded => {
            "Diese Zahlung überschreitet das Limit Ihrer Karte. Bitte verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank."
        }
        K::ErrorIssuerUnavailable => {
            "Ihre Bank ist nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten erneut oder verwenden Sie eine andere Karte."
        }
        K::ErrorPleaseRetry => {
            "Die Zahlung konnte nicht verarbeitet werden. Bitte versuchen Sie es erneut."
        }
        K::ErrorTooManyAttempts => {
            "Zu viele Versuche mit dieser Karte. Bitte verwenden Sie eine andere Karte."
        }
        K::ErrorDuplicatePayment => {
            "Diese Zahlung scheint einer bereits getätigten Zahlung zu entsprechen. Bitte prüfen Sie das, bevor Sie erneut bezahlen."
        }
        K::ErrorPaymentDeclined => {
            "Die Zahlung wurde abgelehnt. Bitte versuchen Sie es mit einer anderen Karte oder Zahlungsart."
        }
        K::ErrorPaymentTimeout => {
            "Ihre Zahlung dauert länger als erwartet. Wir prüfen sie gerade: Bitte zahlen Sie nicht erneut."
        }
        K::ErrorServiceUnavailable => {
            "Zahlungen sind vorübergehend nicht möglich. Bitte versuchen Sie es gleich noch einmal."
        }
        K::ErrorNetwork => {
            "Der Zahlungsdienst ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut."
        }
        K::ErrorStillProcessing => {
            "Ihre Zahlung wird noch verarbeitet. Bitte haben Sie einen Moment Geduld."
        }
        K::ErrorRateLimited => {
            "Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut."
        }
        K::ErrorCardAlreadyUsed => "Bitte geben Sie Ihre Kartendaten erneut ein.",
        K::ErrorInvalidDetails => {
            "Einige Angaben sind ungültig. Bitte prüfen Sie sie und versuchen Sie es erneut."
        }
        K::ErrorCheckoutUnavailable => {
            "Über diese Kasse sind derzeit keine Zahlungen möglich. Bitte wenden Sie sich an den Händler."
        }
        K::ErrorInvoiceNotFound => {
            "Diese Bestellung wurde nicht gefunden. Möglicherweise ist sie abgelaufen."
        }
        K::ErrorTransactionNotFound => "Wir konnten diese Zahlung nicht finden.",
        K::ErrorCustomerCanceled => {
            "Sie haben die Zahlung abgebrochen. Ihnen wurde nichts berechnet."
        }
        _ => return None,
    })
}

// Portuguese: Brazilian, "você".

#[allow(
    unreachable_patterns,
    reason = "the wildcard keeps a key added to core later falling back to English"
)]
fn message_pt(key: MessageKey) -> Option<&'static str> {
    use MessageKey as K;
    Some(match key {
        K::StatusWaiting => "Aguardando seu pagamento.",
        K::StatusPending => "Seu pagamento está sendo confirmado.",
        K::StatusAuthorized => "Seu pagamento foi aceito.",
        K::StatusPendingCapture => "Seu pagamento foi aceito e está sendo finalizado.",
        K::StatusCompleted => "Pagamento concluído. Obrigado!",
        K::StatusFailed => "Seu pagamento não foi realizado.",
        K::StatusVoided => "Este pagamento foi cancelado. Nenhum valor foi cobrado.",
        K::StatusRefunded => "Este pagamento foi reembolsado.",
        K::StatusInReview => {
            "Seu pagamento está em análise. Você receberá uma notificação com o resultado."
        }
        K::StatusBlocked => "Não foi possível concluir seu pagamento.",
        K::StatusRetrievalRequest => "Seu banco solicitou informações sobre este pagamento.",
        K::StatusFraudNotification => "Seu banco sinalizou este pagamento para análise.",
        K::StatusChargebackInitiated => "Este pagamento está sendo contestado.",
        K::StatusSolved => "A contestação deste pagamento foi resolvida.",
        K::StatusReversed => "Este pagamento foi estornado pelo seu banco.",
        K::StatusUnknown => "Ainda não conseguimos confirmar o status do seu pagamento.",
        K::ErrorCardDeclined => "Seu cartão foi recusado. Use outro cartão.",
        K::ErrorContactBank => {
            "Seu banco recusou este pagamento. Entre em contato com seu banco ou use outro cartão."
        }
        K::ErrorCardNoMoney => "Seu cartão não tem saldo suficiente. Use outro cartão.",
        K::ErrorCardExpired => "Seu cartão está vencido. Use outro cartão.",
        K::ErrorCardCvc => {
            "O código de segurança (CVC) está incorreto. Confira e tente novamente."
        }
        K::ErrorCardAddress => {
            "O endereço de cobrança não corresponde ao do seu cartão. Confira e tente novamente."
        }
        K::ErrorCardDetailsInvalid => {
            "Alguns dados do cartão estão incorretos. Confira e tente novamente."
        }
        K::ErrorCardNotSupported => {
            "Este cartão não pode ser usado para este pagamento. Use outro cartão."
        }
        K::ErrorCardAuthenticationFailed => {
            "Seu banco não conseguiu verificar este pagamento. Tente novamente ou use outro cartão."
        }
        K::ErrorCardNeedsAuthentication => {
            "Seu banco precisa que você confirme este pagamento. Tente novamente."
        }
        K::ErrorCardLimitExceeded => {
            "Este pagamento excede os limites do seu cartão. Use outro cartão ou entre em contato com seu banco."
        }
        K::ErrorIssuerUnavailable => {
            "Não foi possível contatar seu banco. Tente novamente em alguns minutos ou use outro cartão."
        }
        K::ErrorPleaseRetry => "Não foi possível processar o pagamento. Tente novamente.",
        K::ErrorTooManyAttempts => "Muitas tentativas com este cartão. Use outro cartão.",
        K::ErrorDuplicatePayment => {
            "Este pagamento parece igual a um que você já fez. Verifique antes de pagar novamente."
        }
        K::ErrorPaymentDeclined => {
            "O pagamento foi recusado. Tente outro cartão ou outra forma de pagamento."
        }
        K::ErrorPaymentTimeout => {
            "Seu pagamento está demorando mais do que o esperado. Estamos verificando: não pague novamente."
        }
        K::ErrorServiceUnavailable => {
            "Os pagamentos estão temporariamente indisponíveis. Tente novamente em instantes."
        }
        K::ErrorNetwork => {
            "Não conseguimos acessar o serviço de pagamento. Verifique sua conexão e tente novamente."
        }
        K::ErrorStillProcessing => "Seu pagamento ainda está sendo processado. Aguarde.",
        K::ErrorRateLimited => "Muitas tentativas. Aguarde um momento e tente novamente.",
        K::ErrorCardAlreadyUsed => "Informe novamente os dados do seu cartão.",
        K::ErrorInvalidDetails => "Alguns dados não são válidos. Confira e tente novamente.",
        K::ErrorCheckoutUnavailable => {
            "Esta página de pagamento não pode receber pagamentos no momento. Entre em contato com a loja."
        }
        K::ErrorInvoiceNotFound => {
            "Não foi possível encontrar este pedido. Ele pode ter expirado."
        }
        K::ErrorTransactionNotFound => "Não encontramos este pagamento.",
        K::ErrorCustomerCanceled => "Você cancelou o pagamento. Nenhum valor foi cobrado.",
        _ => return None,
    })
}

// Arabic: Modern Standard Arabic; requests as "يُرجى" + verbal noun, which is not gendered.

#[allow(
    unreachable_patterns,
    reason = "the wildcard keeps a key added to core later falling back to English"
)]
fn message_ar(key: MessageKey) -> Option<&'static str> {
    use MessageKey as K;
    Some(match key {
        K::StatusWaiting => "في انتظار دفعتك.",
        K::StatusPending => "جارٍ تأكيد دفعتك.",
        K::StatusAuthorized => "تم قبول دفعتك.",
        K::StatusPendingCapture => "تم قبول دفعتك وجارٍ إتمامها.",
        K::StatusCompleted => "تم الدفع بنجاح. شكرًا لك!",
        K::StatusFailed => "لم تتم عملية الدفع.",
        K::StatusVoided => "تم إلغاء هذه الدفعة. لم يُخصم منك أي مبلغ.",
        K::StatusRefunded => "تم استرداد مبلغ هذه الدفعة.",
        K::StatusInReview => "دفعتك قيد المراجعة. سيتم إعلامك بالنتيجة.",
        K::StatusBlocked => "تعذّر إتمام دفعتك.",
        K::StatusRetrievalRequest => "طلب مصرفك معلومات حول هذه الدفعة.",
        K::StatusFraudNotification => "وضع مصرفك هذه الدفعة قيد المراجعة.",
        K::StatusChargebackInitiated => "هذه الدفعة محلّ اعتراض.",
        K::StatusSolved => "تمت تسوية الاعتراض على هذه الدفعة.",
        K::StatusReversed => "قام مصرفك بعكس هذه الدفعة.",
        K::StatusUnknown => "لم نتمكن بعد من تأكيد حالة دفعتك.",
        K::ErrorCardDeclined => "تم رفض بطاقتك. يُرجى استخدام بطاقة أخرى.",
        K::ErrorContactBank => "رفض مصرفك هذه الدفعة. يُرجى التواصل مع مصرفك أو استخدام بطاقة أخرى.",
        K::ErrorCardNoMoney => "رصيد بطاقتك غير كافٍ. يُرجى استخدام بطاقة أخرى.",
        K::ErrorCardExpired => "انتهت صلاحية بطاقتك. يُرجى استخدام بطاقة أخرى.",
        K::ErrorCardCvc => "رمز الأمان (CVC) غير صحيح. يُرجى التحقق منه والمحاولة مرة أخرى.",
        K::ErrorCardAddress => "عنوان الفوترة لا يطابق بطاقتك. يُرجى التحقق منه والمحاولة مرة أخرى.",
        K::ErrorCardDetailsInvalid => {
            "بعض بيانات البطاقة غير صحيحة. يُرجى التحقق منها والمحاولة مرة أخرى."
        }
        K::ErrorCardNotSupported => {
            "لا يمكن استخدام هذه البطاقة لهذه الدفعة. يُرجى استخدام بطاقة أخرى."
        }
        K::ErrorCardAuthenticationFailed => {
            "تعذّر على مصرفك التحقق من هذه الدفعة. يُرجى المحاولة مرة أخرى أو استخدام بطاقة أخرى."
        }
        K::ErrorCardNeedsAuthentication => {
            "يطلب منك مصرفك تأكيد هذه الدفعة. يُرجى المحاولة مرة أخرى."
        }
        K::ErrorCardLimitExceeded => {
            "تتجاوز هذه الدفعة حدود بطاقتك. يُرجى استخدام بطاقة أخرى أو التواصل مع مصرفك."
        }
        K::ErrorIssuerUnavailable => {
            "تعذّر الاتصال بمصرفك. يُرجى المحاولة مرة أخرى بعد بضع دقائق أو استخدام بطاقة أخرى."
        }
        K::ErrorPleaseRetry => "تعذّرت معالجة الدفعة. يُرجى المحاولة مرة أخرى.",
        K::ErrorTooManyAttempts => {
            "تم تجاوز عدد المحاولات المسموح به لهذه البطاقة. يُرجى استخدام بطاقة أخرى."
        }
        K::ErrorDuplicatePayment => {
            "يبدو أن هذه الدفعة مطابقة لدفعة أجريتها سابقًا. يُرجى التحقق قبل الدفع مرة أخرى."
        }
        K::ErrorPaymentDeclined => "تم رفض الدفعة. يُرجى تجربة بطاقة أخرى أو وسيلة دفع أخرى.",
        K::ErrorPaymentTimeout => {
            "تستغرق دفعتك وقتًا أطول من المتوقع. نحن نتحقق منها، لذا يُرجى عدم الدفع مرة أخرى."
        }
        K::ErrorServiceUnavailable => {
            "خدمة الدفع غير متاحة مؤقتًا. يُرجى المحاولة مرة أخرى بعد قليل."
        }
        K::ErrorNetwork => {
            "تعذّر علينا الوصول إلى خدمة الدفع. يُرجى التحقق من اتصالك بالإنترنت والمحاولة مرة أخرى."
        }
        K::ErrorStillProcessing => "لا تزال دفعتك قيد المعالجة. يُرجى الانتظار.",
        K::ErrorRateLimited => "محاولات كثيرة جدًا. يُرجى الانتظار قليلًا ثم المحاولة مرة أخرى.",
        K::ErrorCardAlreadyUsed => "يُرجى إدخال بيانات بطاقتك مرة أخرى.",
        K::ErrorInvalidDetails => "بعض البيانات غير صالحة. يُرجى التحقق منها والمحاولة مرة أخرى.",
        K::ErrorCheckoutUnavailable => {
            "لا يمكن لصفحة الدفع هذه قبول المدفوعات حاليًا. يُرجى التواصل مع التاجر."
        }
        K::ErrorInvoiceNotFound => "تعذّر العثور على هذا الطلب. ربما انتهت صلاحيته.",
        K::ErrorTransactionNotFound => "لم نتمكن من العثور على هذه الدفعة.",
        K::ErrorCustomerCanceled => "لقد ألغيت عملية الدفع. لم يُخصم منك أي مبلغ.",
        _ => return None,
    })
}

/// A translated card-field message; `None` for English (the table in core has it) and for
/// keys the language lacks.
fn card_text(lang: Lang, key: &str) -> Option<&'static str> {
    let text = match (lang, key) {
        (Lang::Fr, "card.number.missing") => "Saisissez le numéro de votre carte.",
        (Lang::Fr, "card.number.incomplete") => "Le numéro de votre carte est incomplet.",
        (Lang::Fr, "card.number.invalid") => "Le numéro de votre carte n’est pas valide.",
        (Lang::Fr, "card.expiry.missing") => "Saisissez la date d’expiration de votre carte.",
        (Lang::Fr, "card.expiry.incomplete") => {
            "La date d’expiration de votre carte est incomplète."
        }
        (Lang::Fr, "card.expiry.past") => "La date d’expiration de votre carte est dépassée.",
        (Lang::Fr, "card.expiry.invalid") => {
            "La date d’expiration de votre carte n’est pas valide."
        }
        (Lang::Fr, "card.cvc.missing") => "Saisissez le code de sécurité de votre carte.",
        (Lang::Fr, "card.cvc.incomplete") => "Le code de sécurité de votre carte est incomplet.",
        (Lang::Fr, "card.cvc.invalid") => "Le code de sécurité de votre carte n’est pas valide.",
        (Lang::Fr, "card.name.missing") => "Saisissez le nom figurant sur votre carte.",
        (Lang::Fr, "card.name.invalid") => "Saisissez le nom tel qu’il figure sur votre carte.",
        (Lang::Fr, "card.invalid") => "Veuillez vérifier les informations de votre carte.",

        (Lang::Es, "card.number.missing") => "Introduzca el número de su tarjeta.",
        (Lang::Es, "card.number.incomplete") => "El número de su tarjeta está incompleto.",
        (Lang::Es, "card.number.invalid") => "El número de su tarjeta no es válido.",
        (Lang::Es, "card.expiry.missing") => "Introduzca la fecha de caducidad de su tarjeta.",
        (Lang::Es, "card.expiry.incomplete") => {
            "La fecha de caducidad de su tarjeta está incompleta."
        }
        (Lang::Es, "card.expiry.past") => "La fecha de caducidad de su tarjeta ya ha pasado.",
        (Lang::Es, "card.expiry.invalid") => "La fecha de caducidad de su tarjeta no es válida.",
        (Lang::Es, "card.cvc.missing") => "Introduzca el código de seguridad de su tarjeta.",
        (Lang::Es, "card.cvc.incomplete") => {
            "El código de seguridad de su tarjeta está incompleto."
        }
        (Lang::Es, "card.cvc.invalid") => "El código de seguridad de su tarjeta no es válido.",
        (Lang::Es, "card.name.missing") => "Introduzca el nombre que figura en su tarjeta.",
        (Lang::Es, "card.name.invalid") => "Introduzca el nombre tal como aparece en su tarjeta.",
        (Lang::Es, "card.invalid") => "Revise los datos de su tarjeta.",

        (Lang::De, "card.number.missing") => "Geben Sie Ihre Kartennummer ein.",
        (Lang::De, "card.number.incomplete") => "Ihre Kartennummer ist unvollständig.",
        (Lang::De, "card.number.invalid") => "Ihre Kartennummer ist ungültig.",
        (Lang::De, "card.expiry.missing") => "Geben Sie das Ablaufdatum Ihrer Karte ein.",
        (Lang::De, "card.expiry.incomplete") => "Das Ablaufdatum Ihrer Karte ist unvollständig.",
        (Lang::De, "card.expiry.past") => "Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.",
        (Lang::De, "card.expiry.invalid") => "Das Ablaufdatum Ihrer Karte ist ungültig.",
        (Lang::De, "card.cvc.missing") => "Geben Sie den Sicherheitscode Ihrer Karte ein.",
        (Lang::De, "card.cvc.incomplete") => "Der Sicherheitscode Ihrer Karte ist unvollständig.",
        (Lang::De, "card.cvc.invalid") => "Der Sicherheitscode Ihrer Karte ist ungültig.",
        (Lang::De, "card.name.missing") => "Geben Sie den Namen auf Ihrer Karte ein.",
        (Lang::De, "card.name.invalid") => {
            "Geben Sie den Namen so ein, wie er auf Ihrer Karte steht."
        }
        (Lang::De, "card.invalid") => "Bitte prüfen Sie Ihre Kartendaten.",

        (Lang::Pt, "card.number.missing") => "Informe o número do seu cartão.",
        (Lang::Pt, "card.number.incomplete") => "O número do seu cartão está incompleto.",
        (Lang::Pt, "card.number.invalid") => "O número do seu cartão não é válido.",
        (Lang::Pt, "card.expiry.missing") => "Informe a data de validade do seu cartão.",
        (Lang::Pt, "card.expiry.incomplete") => "A data de validade do seu cartão está incompleta.",
        (Lang::Pt, "card.expiry.past") => "A data de validade do seu cartão já passou.",
        (Lang::Pt, "card.expiry.invalid") => "A data de validade do seu cartão não é válida.",
        (Lang::Pt, "card.cvc.missing") => "Informe o código de segurança do seu cartão.",
        (Lang::Pt, "card.cvc.incomplete") => "O código de segurança do seu cartão está incompleto.",
        (Lang::Pt, "card.cvc.invalid") => "O código de segurança do seu cartão não é válido.",
        (Lang::Pt, "card.name.missing") => "Informe o nome impresso no seu cartão.",
        (Lang::Pt, "card.name.invalid") => "Informe o nome exatamente como está no seu cartão.",
        (Lang::Pt, "card.invalid") => "Confira os dados do seu cartão.",

        (Lang::Ar, "card.number.missing") => "يُرجى إدخال رقم بطاقتك.",
        (Lang::Ar, "card.number.incomplete") => "رقم بطاقتك غير مكتمل.",
        (Lang::Ar, "card.number.invalid") => "رقم بطاقتك غير صالح.",
        (Lang::Ar, "card.expiry.missing") => "يُرجى إدخال تاريخ انتهاء صلاحية بطاقتك.",
        (Lang::Ar, "card.expiry.incomplete") => "تاريخ انتهاء صلاحية بطاقتك غير مكتمل.",
        (Lang::Ar, "card.expiry.past") => "تاريخ انتهاء صلاحية بطاقتك قد مضى.",
        (Lang::Ar, "card.expiry.invalid") => "تاريخ انتهاء صلاحية بطاقتك غير صالح.",
        (Lang::Ar, "card.cvc.missing") => "يُرجى إدخال رمز الأمان الخاص ببطاقتك.",
        (Lang::Ar, "card.cvc.incomplete") => "رمز الأمان الخاص ببطاقتك غير مكتمل.",
        (Lang::Ar, "card.cvc.invalid") => "رمز الأمان الخاص ببطاقتك غير صالح.",
        (Lang::Ar, "card.name.missing") => "يُرجى إدخال الاسم المدوّن على بطاقتك.",
        (Lang::Ar, "card.name.invalid") => "يُرجى إدخال الاسم كما هو مكتوب على بطاقتك.",
        (Lang::Ar, "card.invalid") => "يُرجى التحقق من بيانات بطاقتك.",

        _ => return None,
    };
    Some(text)
}

fn label_en(label: Label) -> &'static str {
    match label {
        Label::Items => "Items",
        Label::Subtotal => "Subtotal",
        Label::Tax => "Tax",
        Label::Shipping => "Shipping",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Discount",
        Label::Loading => "Loading your invoice…",
        Label::Processing => "Processing your payment…",
        Label::Pay => "Pay",
        Label::TryAgain => "Try again",
        Label::DoesNotReconcile => {
            "The items, tax and shipping listed do not add up to the total. The total is the amount you will pay."
        }
        Label::Reference => "Reference",
        Label::InvoiceNotFound => "This invoice could not be found.",
        Label::ServiceUnavailable => "The checkout service is not reachable right now.",
        Label::InvoiceUnreadable => "This invoice could not be read.",
        Label::NoPaymentSource => "No payment method is set up for this checkout.",
    }
}

fn label_fr(label: Label) -> &'static str {
    match label {
        Label::Items => "Articles",
        Label::Subtotal => "Sous-total",
        Label::Tax => "Taxes",
        Label::Shipping => "Livraison",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Remise",
        Label::Loading => "Chargement de votre facture…",
        Label::Processing => "Traitement de votre paiement…",
        Label::Pay => "Payer",
        Label::TryAgain => "Réessayer",
        Label::DoesNotReconcile => {
            "La somme des articles, des taxes et de la livraison indiqués ne correspond pas au total. Le total est le montant que vous paierez."
        }
        Label::Reference => "Référence",
        Label::InvoiceNotFound => "Cette facture est introuvable.",
        Label::ServiceUnavailable => "Le service de paiement est momentanément inaccessible.",
        Label::InvoiceUnreadable => "Impossible de lire cette facture.",
        Label::NoPaymentSource => {
            "Aucun moyen de paiement n’est configuré pour cette page de paiement."
        }
    }
}

fn label_es(label: Label) -> &'static str {
    match label {
        Label::Items => "Artículos",
        Label::Subtotal => "Subtotal",
        Label::Tax => "Impuestos",
        Label::Shipping => "Envío",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Descuento",
        Label::Loading => "Cargando su factura…",
        Label::Processing => "Procesando su pago…",
        Label::Pay => "Pagar",
        Label::TryAgain => "Volver a intentarlo",
        Label::DoesNotReconcile => {
            "Los artículos, impuestos y gastos de envío indicados no suman el total. El total es el importe que pagará."
        }
        Label::Reference => "Referencia",
        Label::InvoiceNotFound => "No se ha encontrado esta factura.",
        Label::ServiceUnavailable => "No se puede acceder al servicio de pago en este momento.",
        Label::InvoiceUnreadable => "No se ha podido leer esta factura.",
        Label::NoPaymentSource => {
            "No hay ningún método de pago configurado para esta página de pago."
        }
    }
}

fn label_de(label: Label) -> &'static str {
    match label {
        Label::Items => "Artikel",
        Label::Subtotal => "Zwischensumme",
        Label::Tax => "Steuern",
        Label::Shipping => "Versand",
        Label::Total => "Gesamtbetrag",
        Label::Quantity => "×",
        Label::Discount => "Rabatt",
        Label::Loading => "Ihre Rechnung wird geladen…",
        Label::Processing => "Ihre Zahlung wird verarbeitet…",
        Label::Pay => "Bezahlen",
        Label::TryAgain => "Erneut versuchen",
        Label::DoesNotReconcile => {
            "Die aufgeführten Artikel, Steuern und Versandkosten ergeben zusammen nicht den Gesamtbetrag. Der Gesamtbetrag ist der Betrag, den Sie bezahlen."
        }
        Label::Reference => "Referenz",
        Label::InvoiceNotFound => "Diese Rechnung wurde nicht gefunden.",
        Label::ServiceUnavailable => "Der Bezahldienst ist gerade nicht erreichbar.",
        Label::InvoiceUnreadable => "Diese Rechnung konnte nicht gelesen werden.",
        Label::NoPaymentSource => "Für diese Kasse ist keine Zahlungsart eingerichtet.",
    }
}

fn label_pt(label: Label) -> &'static str {
    match label {
        Label::Items => "Itens",
        Label::Subtotal => "Subtotal",
        Label::Tax => "Impostos",
        Label::Shipping => "Frete",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Desconto",
        Label::Loading => "Carregando sua fatura…",
        Label::Processing => "Processando seu pagamento…",
        Label::Pay => "Pagar",
        Label::TryAgain => "Tentar novamente",
        Label::DoesNotReconcile => {
            "A soma dos itens, impostos e frete listados não corresponde ao total. O total é o valor que você vai pagar."
        }
        Label::Reference => "Referência",
        Label::InvoiceNotFound => "Não foi possível encontrar esta fatura.",
        Label::ServiceUnavailable => "O serviço de pagamento não está acessível no momento.",
        Label::InvoiceUnreadable => "Não foi possível ler esta fatura.",
        Label::NoPaymentSource => {
            "Nenhuma forma de pagamento foi configurada para esta página de pagamento."
        }
    }
}

fn label_ar(label: Label) -> &'static str {
    match label {
        Label::Items => "المنتجات",
        Label::Subtotal => "المجموع الفرعي",
        Label::Tax => "الضريبة",
        Label::Shipping => "الشحن",
        Label::Total => "الإجمالي",
        Label::Quantity => "×",
        Label::Discount => "الخصم",
        Label::Loading => "جارٍ تحميل فاتورتك…",
        Label::Processing => "جارٍ معالجة دفعتك…",
        Label::Pay => "دفع",
        Label::TryAgain => "إعادة المحاولة",
        Label::DoesNotReconcile => {
            "مجموع المنتجات والضريبة والشحن المدرجة لا يساوي الإجمالي. الإجمالي هو المبلغ الذي ستدفعه."
        }
        Label::Reference => "رقم المرجع",
        Label::InvoiceNotFound => "تعذّر العثور على هذه الفاتورة.",
        Label::ServiceUnavailable => "لا يمكن الوصول إلى خدمة الدفع حاليًا.",
        Label::InvoiceUnreadable => "تعذّرت قراءة هذه الفاتورة.",
        Label::NoPaymentSource => "لم يتم إعداد أي وسيلة دفع لصفحة الدفع هذه.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSLATED: &[Lang] = &[Lang::Fr, Lang::Es, Lang::De, Lang::Pt, Lang::Ar];

    /// Every text of a language, named for failure output, in a fixed order. `×` is left out:
    /// it is a symbol, the same in every language.
    fn texts(lang: Lang) -> Vec<(String, &'static str)> {
        let messages = MessageKey::ALL
            .iter()
            .map(|key| (key.as_str().to_owned(), message(lang, *key)));
        let cards = card::MESSAGES
            .iter()
            .map(|(key, _)| ((*key).to_owned(), card_message(lang, key)));
        let labels = Label::ALL
            .iter()
            .filter(|l| **l != Label::Quantity)
            .map(|l| (format!("{l:?}"), label(lang, *l)));
        messages.chain(cards).chain(labels).collect()
    }

    fn is_arabic(c: char) -> bool {
        ('\u{0600}'..='\u{06FF}').contains(&c)
    }

    #[test]
    fn label_all_lists_every_variant_once() {
        // Exhaustive: a new variant does not compile here until it gets a position.
        fn position(label: Label) -> usize {
            match label {
                Label::Items => 0,
                Label::Subtotal => 1,
                Label::Tax => 2,
                Label::Shipping => 3,
                Label::Total => 4,
                Label::Quantity => 5,
                Label::Discount => 6,
                Label::Loading => 7,
                Label::Processing => 8,
                Label::Pay => 9,
                Label::TryAgain => 10,
                Label::DoesNotReconcile => 11,
                Label::Reference => 12,
                Label::InvoiceNotFound => 13,
                Label::ServiceUnavailable => 14,
                Label::InvoiceUnreadable => 15,
                Label::NoPaymentSource => 16,
            }
        }
        assert_eq!(Label::ALL.len(), 17);
        for (index, label) in Label::ALL.iter().enumerate() {
            assert_eq!(position(*label), index, "{label:?}");
        }
    }

    #[test]
    fn every_message_key_is_translated_in_every_language() {
        for lang in TRANSLATED {
            for key in MessageKey::ALL {
                let text = message_text(*lang, *key);
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{lang:?} {key}");
                assert_eq!(Some(message(*lang, *key)), text);
            }
        }
        for key in MessageKey::ALL {
            assert_eq!(message(Lang::En, *key), key.english());
        }
    }

    #[test]
    fn messages_end_a_sentence() {
        for lang in Lang::ALL {
            for key in MessageKey::ALL {
                let text = message(*lang, *key);
                assert!(
                    text.ends_with('.') || text.ends_with('!'),
                    "{lang:?} {key}: {text}"
                );
            }
        }
    }

    #[test]
    fn every_label_has_text_in_every_language() {
        for lang in Lang::ALL {
            for l in Label::ALL {
                assert!(!label(*lang, *l).trim().is_empty(), "{lang:?} {l:?}");
            }
            assert_eq!(label(*lang, Label::Quantity), "×", "{lang:?}");
        }
    }

    #[test]
    fn every_card_message_is_translated_in_every_language() {
        for (key, english) in card::MESSAGES {
            assert_eq!(card_message(Lang::En, key), *english);
            for lang in TRANSLATED {
                let text = card_text(*lang, key);
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{lang:?} {key}");
                assert_eq!(Some(card_message(*lang, key)), text);
            }
        }
    }

    #[test]
    fn card_message_falls_back_for_unknown_keys() {
        assert_eq!(
            card_message(Lang::En, "card.nope"),
            "Please check your card details."
        );
        for lang in TRANSLATED {
            assert_eq!(
                card_message(*lang, "card.nope"),
                card_message(*lang, "card.invalid")
            );
        }
    }

    #[test]
    fn translations_are_not_copies_of_english() {
        let english = texts(Lang::En);
        for lang in TRANSLATED {
            let same: Vec<String> = texts(*lang)
                .into_iter()
                .zip(&english)
                .filter(|((_, text), (_, en))| text == en)
                .map(|((key, _), _)| key)
                .collect();
            assert!(
                same.len() <= 3,
                "{lang:?}: {} texts identical to English: {same:?}",
                same.len()
            );
        }
    }

    #[test]
    fn languages_do_not_share_sentences() {
        // Catches an arm pasted into the wrong language; short labels ("Total") may coincide.
        for (i, a) in TRANSLATED.iter().enumerate() {
            for b in TRANSLATED.iter().skip(i + 1) {
                let shared: Vec<String> = texts(*a)
                    .into_iter()
                    .zip(texts(*b))
                    .filter(|((_, x), (_, y))| x == y && x.chars().count() > 12)
                    .map(|((key, _), _)| key)
                    .collect();
                assert!(shared.is_empty(), "{a:?} and {b:?} share {shared:?}");
            }
        }
    }

    #[test]
    fn arabic_texts_are_in_arabic_script_and_others_are_not() {
        for (key, text) in texts(Lang::Ar) {
            assert!(text.chars().any(is_arabic), "ar {key}: {text}");
        }
        for lang in [Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Pt] {
            for (key, text) in texts(lang) {
                assert!(!text.chars().any(is_arabic), "{lang:?} {key}: {text}");
            }
        }
    }

    #[test]
    fn declines_never_reveal_fraud_suspicion() {
        // Core's rule for the English texts, applied to the translations.
        let words = [
            "fraud",
            "stolen",
            "lost",
            "volé",
            "perdu",
            "robad",
            "perdid",
            "betrug",
            "gestohlen",
            "verloren",
            "roubad",
            "extraviad",
            "احتيال",
            "مسروق",
            "مفقود",
        ];
        for lang in Lang::ALL {
            for (key, text) in texts(*lang) {
                let text = text.to_lowercase();
                for word in words {
                    assert!(!text.contains(word), "{lang:?} {key} mentions {word}");
                }
            }
        }
    }

    #[test]
    fn french_typography() {
        for (key, text) in texts(Lang::Fr) {
            assert!(!text.contains('\''), "fr {key}: use ’ for apostrophes");
            let chars: Vec<char> = text.chars().collect();
            for pair in chars.windows(2) {
                if let [before, mark @ ('!' | '?' | ':' | ';')] = pair {
                    assert!(
                        *before == '\u{a0}' || *before == '\u{202f}',
                        "fr {key}: no-break space before {mark}"
                    );
                }
            }
        }
    }

    #[test]
    fn from_locale_picks_the_primary_subtag() {
        let cases = [
            ("en", Lang::En),
            ("en-US", Lang::En),
            ("fr", Lang::Fr),
            ("FR", Lang::Fr),
            ("fr-CA", Lang::Fr),
            ("es-419", Lang::Es),
            ("es_MX", Lang::Es),
            ("de-DE", Lang::De),
            ("De-at", Lang::De),
            ("pt-BR", Lang::Pt),
            ("pt_PT", Lang::Pt),
            ("ar", Lang::Ar),
            ("ar-KW", Lang::Ar),
            ("AR_eg", Lang::Ar),
            (" ar-SA ", Lang::Ar),
            ("zh", Lang::En),
            ("zh-Hant-TW", Lang::En),
            ("", Lang::En),
            ("-", Lang::En),
            ("f", Lang::En),
            ("fra", Lang::En),
            ("french", Lang::En),
            ("x-fr", Lang::En),
        ];
        for (tag, lang) in cases {
            assert_eq!(Lang::from_locale(tag), lang, "{tag:?}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_locale(lang.code()), *lang);
        }
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            let expected = if *lang == Lang::Ar { "rtl" } else { "ltr" };
            assert_eq!(lang.dir(), expected, "{lang:?}");
        }
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["en", "fr", "es", "de", "pt", "ar"]);
    }
}
