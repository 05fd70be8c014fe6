# Textos de la mesa de edición de `puente serve` (nunca se publican).
desk-title = Mesa de edición
desk-intro = Lo que requiere atención antes de publicar, con su archivo y línea. Se actualiza en cada reconstrucción.
desk-other-language = English
desk-badge = Mesa de edición
desk-banner-link = Abrir la mesa de edición
desk-build = Última compilación
desk-build-ok = La última compilación no tuvo errores.
desk-build-failed = { $count ->
    [one] La última compilación falló con un error; la vista previa muestra la última compilación buena.
   *[other] La última compilación falló con { $count } errores; la vista previa muestra la última compilación buena.
}
desk-hint = Sugerencia:
desk-drafts = Borradores
desk-preview = Vista previa ({ $language })
desk-todos = Marcadores TODO en borradores
desk-todo-at = Marcador `TODO` por completar
desk-translations = Traducciones por revisar
desk-translation-into = traducción al { $language ->
    [en] inglés
    [es] español
   *[other] { $language }
}
desk-never-reviewed = Nunca se marcó como revisada.
desk-stale = El original cambió desde la última revisión de esta traducción.
desk-no-kept = No se conserva el texto revisado: la traducción se revisó antes de que Puente guardara los textos revisados (o nunca se revisó). Compare el original con la traducción.
desk-other-review = El texto revisado que se conserva no corresponde a la revisión que registra la traducción; compare el original con la traducción.
desk-unreadable = No se pudo leer el texto revisado: { $problem }
desk-changes = Qué cambió en el original desde la revisión
desk-removed = eliminado:
desk-added = añadido:
desk-end-change = fin del cambio
desk-texts = Original actual y traducción
desk-source-now = Original ahora
desk-translation = Traducción
desk-field = { $name ->
    [title] Título
    [summary] Resumen
    [body] Cuerpo
    [description] Descripción
    [issuer] Emisor
    [note] Nota
   *[other] { $name }
}
desk-empty-text = (vacío)
desk-mark = Marcar como revisada
desk-advisory = Revisión del aviso de viaje
desk-advisory-ok = El aviso más reciente ({ $date }) tiene { $age } días; debe revisarse antes del { $due } (cada { $days } días).
desk-advisory-overdue = El aviso más reciente ({ $date }) tiene { $age } días: debía revisarse el { $due } (cada { $days } días). Busque un aviso más reciente y agréguelo con `puente new advisory`.
desk-advisory-none = No hay ningún aviso publicado.
desk-links = Enlaces y anclas rotos
desk-unused = Mensajes de Fluent sin usar
desk-other = Otros errores y advertencias de la revisión
desk-nothing = Nada pendiente.
desk-done = Revisión registrada en: { $files }
desk-done-nothing = La revisión ya estaba registrada; no se cambió ningún archivo.
desk-failed = No se pudo registrar la revisión:
desk-error = error
desk-warning = advertencia
